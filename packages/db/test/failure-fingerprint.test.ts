import { failureFingerprint, normalizeFailureMessage } from "../src/failure-fingerprint";

const failure = (message: string, overrides: { type?: string; name?: string } = {}) => ({
  type: "report.generate",
  name: "Error",
  message,
  ...overrides,
});

test.each([
  ["ids", "job 0b9a1c9e-1f2d-4c3b-9a8e-7d6c5b4a3f21 not found", "job <id> not found"],
  ["numbers, with decimals", "took 1234 ms at 99.5%", "took <n> ms at <n>%"],
  ["double-quoted values", 'topic "q3 revenue" is unknown', "topic <q> is unknown"],
  ["single-quoted values", "column 'total' missing", "column <q> missing"],
  ["backquoted values", "table `reports_2026` is locked", "table <q> is locked"],
  ["ids and numbers inside quotes with the quote", 'key "a-1 0b9a1c9e-1f2d-4c3b-9a8e-7d6c5b4a3f21" taken', "key <q> taken"],
])("normalises %s", (_what, message, normal) => {
  expect(normalizeFailureMessage(message)).toBe(normal);
});

test("an apostrophe inside a word opens no quote", () => {
  expect(normalizeFailureMessage("can't reach host, won't retry")).toBe("can't reach host, won't retry");
});

test("failures differing only in ids, numbers and quoted values share a fingerprint", () => {
  expect(failureFingerprint(failure('upstream "eu-1" answered 503 after 1200 ms'))).toBe(
    failureFingerprint(failure('upstream "us-2" answered 502 after 30 ms')),
  );
});

test("the type, the error's name and the rest of the message each make a different fingerprint", () => {
  const base = failureFingerprint(failure("upstream answered 503"));
  expect(failureFingerprint(failure("upstream answered 503", { type: "demo.fail" }))).not.toBe(base);
  expect(failureFingerprint(failure("upstream answered 503", { name: "TimeoutError" }))).not.toBe(base);
  expect(failureFingerprint(failure("upstream refused 503"))).not.toBe(base);
});

test("is 32 lowercase hex digits", () => {
  expect(failureFingerprint(failure("boom"))).toMatch(/^[0-9a-f]{32}$/);
});
