import { isDatabaseUnreachable } from "@jobline/db";

/** Which dependency an unexpected error says is down, if any: such errors answer 503, not 500. */
export function failedDependency(error: unknown): "postgres" | "redis" | null {
  if (error instanceof Error) {
    // ioredis does not export this class from its entry point; its name is the stable part.
    if (error.name === "MaxRetriesPerRequestError") return "redis";
    // ioredis refuses commands with plain Errors when the connection is down and the offline queue is off.
    if (/Stream isn't writeable|Connection is closed/.test(error.message)) return "redis";
  }
  // Prisma's and pg's ways of saying the server is down or went away (see database-unreachable.ts in @jobline/db).
  return isDatabaseUnreachable(error) ? "postgres" : null;
}
