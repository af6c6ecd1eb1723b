/**
 * The errors Prisma 7 + adapter-pg really throw when Postgres is stopped (observed against a stopped server, see
 * packages/db/src/database-unreachable.ts and the fault suite's scenario 3) answer 503, and bad queries do not.
 */
import { Prisma } from "@jobline/db";
import { failedDependency } from "../src/http/dependency-failure";

function known(code: string, cause: Record<string, unknown>): Error {
  return new Prisma.PrismaClientKnownRequestError("…", {
    code,
    clientVersion: "7",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause } },
  });
}

it.each([
  ["a query while the server is down", known("P1001", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 })],
  ["a raw query while the server is down", known("P2010", { kind: "DatabaseNotReachable" })],
  [
    "a query cut by a fast shutdown",
    known("P2010", { kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" }),
  ],
  ["a connection reset", known("P2010", { kind: "ConnectionClosed" })],
  ["a query cut by a crash (pg's own error)", new Error("Connection terminated unexpectedly")],
  ["the pool's connection timeout", new Error("timeout exceeded when trying to connect")],
  ["no transaction could start in time (a saturated pool, seen under load)", known("P2028", { kind: "TransactionTimeout" })],
  // The door's own statements go through pg directly: its errors carry the SQLSTATE or the socket's code.
  [
    "pg's error for a server shutting down",
    Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
  ],
  ["pg refused a connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
  ["a pg client that lost its connection", new Error("Client has encountered a connection error and is not queryable")],
])("%s is postgres being unavailable", (_what, error) => {
  expect(failedDependency(error)).toBe("postgres");
});

it("a query that is wrong, not unreachable, is no dependency failure", () => {
  expect(failedDependency(known("P2002", { kind: "UniqueConstraintViolation" }))).toBeNull();
  expect(failedDependency(known("P2010", { kind: "postgres", code: "42P01" }))).toBeNull();
  expect(failedDependency(new TypeError("x is undefined"))).toBeNull();
  expect(failedDependency(Object.assign(new Error("invalid input syntax for type uuid"), { code: "22P02" }))).toBeNull();
});
