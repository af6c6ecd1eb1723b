/** The one table from an error class to its problem document: the engine's domain errors as the edge answers them. */
import {
  DependencyDownError,
  IdempotencyKeyReusedError,
  InvalidInputError,
  NotFoundError,
  StateConflictError,
  UnfinishedJobsCapError,
} from "@jobline/engine";
import { MethodNotAllowedError } from "../src/http/errors";
import { problemOf } from "../src/http/problem-of";

const issues = [{ path: "payload.ms", message: "Invalid input: expected number, received string" }];

test("invalid input is a 422 listing its issues, or a 413 without them when it is too large", () => {
  expect(problemOf(new InvalidInputError(issues))).toEqual({
    document: {
      type: "/problems/validation",
      title: "The request is not valid",
      status: 422,
      detail: "payload.ms: Invalid input: expected number, received string",
      errors: issues,
    },
    headers: {},
  });
  expect(problemOf(new InvalidInputError([{ path: "payload", message: "payload is 300000 bytes; the limit is 262144" }], true))).toEqual({
    document: {
      type: "/problems/payload-too-large",
      title: "Payload too large",
      status: 413,
      detail: "payload: payload is 300000 bytes; the limit is 262144",
    },
    headers: {},
  });
});

test.each([
  [new NotFoundError("no job x"), 404, "/problems/not-found"],
  [new StateConflictError("a completed job cannot be cancelled"), 409, "/problems/conflict"],
  [new IdempotencyKeyReusedError("used for a different request"), 409, "/problems/idempotency-key-reused"],
])("%s is a %s of type %s with the message as its detail", (error, status, type) => {
  expect(problemOf(error)).toEqual({ document: expect.objectContaining({ type, status, detail: error.message }), headers: {} });
});

test("the cap's refusal says when to come back; a dependency's names it and asks for 2 s", () => {
  expect(problemOf(new UnfinishedJobsCapError("too many", 3))).toMatchObject({
    document: { status: 429, type: "/problems/too-many-unfinished-jobs" },
    headers: { "Retry-After": "3" },
  });
  expect(problemOf(new DependencyDownError("redis", "redis is unavailable; the job was not accepted"))).toEqual({
    document: {
      type: "/problems/dependency-unavailable",
      title: "A dependency is unavailable; try again shortly",
      status: 503,
      detail: "redis is unavailable; the job was not accepted",
      dependency: "redis",
    },
    headers: { "Retry-After": "2" },
  });
});

test("a method the path lacks carries the methods it has; an error no client should see has no problem", () => {
  expect(problemOf(new MethodNotAllowedError("no", ["GET", "HEAD"]))).toMatchObject({
    document: { status: 405 },
    headers: { Allow: "GET, HEAD" },
  });
  expect(problemOf(new TypeError("x is undefined"))).toBeNull();
});
