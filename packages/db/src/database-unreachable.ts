/**
 * Whether an error means "Postgres could not be reached or dropped the connection", as opposed to a bad query.
 * Such errors are worth retrying (the worker) or answering with 503 (the API). Observed with Prisma 7 and
 * adapter-pg against a stopped server:
 * - a new query while the server is down: PrismaClientKnownRequestError P1001 (P2010 for raw queries), with
 *   `meta.driverAdapterError.cause.kind` "DatabaseNotReachable";
 * - a query in flight during a fast shutdown: P2010, cause kind "postgres", SQLSTATE 57P01;
 * - a query in flight during an immediate shutdown (a crash): pg's plain `Error("Connection terminated
 *   unexpectedly")`, not wrapped by Prisma and without a code, so only its message identifies it.
 */
import { Prisma } from "./generated/prisma/client";

/** P2024 and P2028 are a saturated pool (no connection, or no transaction, within the wait): transient as well. */
const unreachableCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2037"]);
const unreachableKinds = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** SQLSTATE class 08 is "connection exception"; 57P01..57P03 are shutdown, crash and "starting up". */
const unreachableSqlStates = /^(08...|57P0[123])$/;
const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
/** pg's own errors for a dropped connection and the pool's connection timeout carry no code. */
const pgDriverMessages =
  /^(Connection terminated unexpectedly|Connection terminated due to connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

interface AdapterCause {
  kind?: string;
  code?: string;
}

function adapterCause(error: Prisma.PrismaClientKnownRequestError): AdapterCause | undefined {
  const meta = error.meta as { driverAdapterError?: { cause?: AdapterCause } } | undefined;
  return meta?.driverAdapterError?.cause;
}

export function isDatabaseUnreachable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (unreachableCodes.has(error.code)) return true;
    const cause = adapterCause(error);
    if (cause?.kind && unreachableKinds.has(cause.kind)) return true;
    return cause?.kind === "postgres" && typeof cause.code === "string" && unreachableSqlStates.test(cause.code);
  }
  if (error instanceof Prisma.PrismaClientUnknownRequestError || error instanceof Prisma.PrismaClientRustPanicError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  // pg's own DatabaseError (the door's statements skip Prisma) carries the SQLSTATE as its code.
  if (typeof code === "string" && (networkCodes.has(code) || unreachableSqlStates.test(code))) return true;
  return pgDriverMessages.test(error.message);
}
