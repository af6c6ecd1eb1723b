import { Prisma } from "@jobline/db";

/** Prisma codes that mean Postgres could not be reached or did not answer in time. */
const unreachableDatabaseCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
const networkErrorCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);

/** Which dependency an unexpected error says is down, if any: such errors answer 503, not 500. */
export function failedDependency(error: unknown): "postgres" | "redis" | null {
  if (error instanceof Prisma.PrismaClientInitializationError) return "postgres";
  if (error instanceof Prisma.PrismaClientKnownRequestError && unreachableDatabaseCodes.has(error.code)) return "postgres";
  if (error instanceof Prisma.PrismaClientUnknownRequestError || error instanceof Prisma.PrismaClientRustPanicError) return "postgres";
  if (error instanceof Error) {
    // ioredis does not export this class from its entry point; its name is the stable part.
    if (error.name === "MaxRetriesPerRequestError") return "redis";
    // ioredis refuses commands with plain Errors when the connection is down and the offline queue is off.
    if (/Stream isn't writeable|Connection is closed/.test(error.message)) return "redis";
    const code = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
    if (code && networkErrorCodes.has(code)) return "postgres";
  }
  return null;
}
