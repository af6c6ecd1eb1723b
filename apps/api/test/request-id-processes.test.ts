/**
 * A request id followed across real processes: the built API logs the submitting request under the caller's
 * X-Request-Id, and the built worker's lines about each attempt of that job carry the same id.
 */
import { startStack, waitFor, type Stack } from "@jobline/testing";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ apis: 1, workers: 1, owner: "tracer" });
}, 90_000);
afterAll(() => stack?.teardown(), 60_000);

const jsonLines = (output: string): Array<Record<string, unknown>> =>
  output.split("\n").flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

test("the worker's lines about every attempt of a job carry the id of the request that submitted it", async () => {
  const res = await fetch(`${stack.baseUrl()}/v1/jobs`, {
    method: "POST",
    headers: { Authorization: `Bearer ${stack.token}`, "Content-Type": "application/json", "X-Request-Id": "checkout-9f2c" },
    // Fails once, then succeeds: two attempts, a warning line and a completion line.
    body: JSON.stringify({ type: "demo.fail", payload: { failTimes: 1 } }),
  });
  expect(res.status).toBe(202);
  expect(res.headers.get("x-request-id")).toBe("checkout-9f2c");
  const { id } = (await res.json()) as { id: string };

  const attemptLines = await waitFor(async () => {
    const lines = jsonLines(stack.workers[0]!.output()).filter((line) => line.jobId === id);
    return lines.some((line) => line.msg === "attempt completed") ? lines : undefined;
  }, "the attempt completed line");

  expect(attemptLines.map((line) => line.msg)).toEqual(
    expect.arrayContaining(["attempt failed; retrying after backoff", "attempt completed"]),
  );
  for (const line of attemptLines)
    expect({ msg: line.msg, requestId: line.requestId }).toEqual({ msg: line.msg, requestId: "checkout-9f2c" });
  const apiLine = jsonLines(stack.api().output()).find((line) => line.msg === "request" && line.requestId === "checkout-9f2c");
  expect(apiLine).toMatchObject({ method: "POST", route: "/v1/jobs", status: 202 });
}, 60_000);
