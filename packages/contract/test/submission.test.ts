import { checkSubmission, jobCatalogue, jobTypes, limits } from "../src";

const withDemos = jobCatalogue({ demoJobs: true });
const production = jobCatalogue({ demoJobs: false });

test("demo types exist only when demo jobs are on", () => {
  expect(withDemos.types).toEqual(expect.arrayContaining(["demo.echo", "demo.sleep", "demo.fail", "demo.gpu-echo", "report.generate"]));
  // Every type not marked demo, whatever a deployment adds (the README's recipe adds one).
  const served = Object.entries(jobTypes).flatMap(([type, definition]) => (definition.demo ? [] : [type]));
  expect(production.types).toEqual(served);
  expect(production.types).toContain("report.generate");
  expect(production.get("demo.echo")).toBeUndefined();
});

test("a valid submission carries its type's definition and the parsed payload with defaults", () => {
  const check = checkSubmission(withDemos, { type: "demo.fail", payload: { failTimes: 1 } });

  expect(check.ok).toBe(true);
  if (!check.ok) return;
  expect(check.submission.definition.queue).toBe("cpu");
  expect(check.submission.payload).toEqual({ failTimes: 1, retryable: true });
  expect(check.submission.priority).toBe(0);
  expect(check.submission.metadata).toEqual({});
});

test("an unknown type names the known ones", () => {
  const check = checkSubmission(production, { type: "demo.echo" });

  expect(check).toEqual({
    ok: false,
    issues: [{ path: "type", message: `unknown job type "demo.echo"; known types: ${production.types.join(", ")}` }],
  });
});

test("payload issues carry the full path, under the given prefix", () => {
  const check = checkSubmission(withDemos, { type: "report.generate", payload: { title: "t", rows: [{ a: 1 }], measures: [] } }, [
    "jobs",
    2,
  ]);

  expect(check.ok).toBe(false);
  if (check.ok) return;
  expect(check.issues.map((i) => i.path)).toEqual(["jobs.2.payload.measures"]);
});

test("a payload over the size limit is flagged as too large, not merely invalid", () => {
  const check = checkSubmission(withDemos, { type: "demo.echo", payload: { blob: "x".repeat(limits.maxPayloadBytes) } });

  expect(check).toMatchObject({ ok: false, payloadTooLarge: true });
});

test("runAt and delayMs together are refused", () => {
  const check = checkSubmission(withDemos, { type: "demo.echo", runAt: "2030-01-01T00:00:00Z", delayMs: 5 });

  expect(check.ok).toBe(false);
});

test("metadata is bounded in keys and value length", () => {
  const tooMany = Object.fromEntries(Array.from({ length: limits.maxMetadataKeys + 1 }, (_, i) => [`k${i}`, i]));
  const tooLong = { note: "x".repeat(limits.maxMetadataValueLength + 1) };

  expect(checkSubmission(withDemos, { type: "demo.echo", metadata: tooMany }).ok).toBe(false);
  expect(checkSubmission(withDemos, { type: "demo.echo", metadata: tooLong }).ok).toBe(false);
});

test("a NUL character anywhere Postgres would store it is refused with its path, keys included", () => {
  const issues = (body: object) => {
    const check = checkSubmission(withDemos, body, ["jobs", 0]);
    return check.ok ? [] : check.issues;
  };

  expect(issues({ type: "demo.echo", payload: { list: ["ok", "a\u0000b"] } })).toEqual([
    { path: "jobs.0.payload.list.1", message: expect.stringContaining("NUL") },
  ]);
  expect(issues({ type: "demo.echo", payload: { "k\u0000": 1 } })).toEqual([
    { path: "jobs.0.payload.k\u0000", message: expect.stringContaining("NUL") },
  ]);
  expect(issues({ type: "demo.echo", metadata: { note: "\u0000" } })).toEqual([
    { path: "jobs.0.metadata.note", message: expect.stringContaining("NUL") },
  ]);
  expect(issues({ type: "demo.echo", callbackUrl: "https://example.com/\u0000" })).toEqual([
    { path: "jobs.0.callbackUrl", message: expect.stringContaining("NUL") },
  ]);
  expect(checkSubmission(withDemos, { type: "demo.echo", payload: { text: "a literal \\u0000 is fine" } }).ok).toBe(true);
});

test("every type's defaults fit the bounds a client may ask for", () => {
  for (const type of withDemos.types) {
    const { defaults } = withDemos.get(type)!;
    expect(defaults.maxAttempts).toBeGreaterThanOrEqual(1);
    expect(defaults.maxAttempts).toBeLessThanOrEqual(limits.maxAttempts);
    expect(defaults.timeoutMs).toBeLessThanOrEqual(limits.maxTimeoutMs);
  }
});

test("demo.sleep sleeps at most its default timeout: a longer ms is refused, not left to time out", () => {
  const timeoutMs = withDemos.get("demo.sleep")!.defaults.timeoutMs;

  expect(checkSubmission(withDemos, { type: "demo.sleep", payload: { ms: timeoutMs } }).ok).toBe(true);
  expect(checkSubmission(withDemos, { type: "demo.sleep", payload: { ms: timeoutMs + 1 } }).ok).toBe(false);
});
