import { canonicalJson, requestHash } from "../../src/submit/idempotency";

test("canonical JSON sorts keys at every level and keeps array order", () => {
  expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }, null], c: { e: "é", d: undefined } })).toBe(
    '{"a":[{"x":1,"y":2},null],"b":1,"c":{"e":"é"}}',
  );
});

test("the hash is the route plus the canonical body", () => {
  expect(requestHash("POST /v1/jobs", { a: 1, b: 2 })).toBe(requestHash("POST /v1/jobs", { b: 2, a: 1 }));
  expect(requestHash("POST /v1/jobs", { a: 1 })).not.toBe(requestHash("POST /v1/jobs/batch", { a: 1 }));
  expect(requestHash("POST /v1/jobs", { a: 1 })).not.toBe(requestHash("POST /v1/jobs", { a: "1" }));
  expect(requestHash("POST /v1/jobs", {})).toMatch(/^[0-9a-f]{64}$/);
});
