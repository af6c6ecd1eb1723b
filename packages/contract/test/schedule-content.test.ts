/** A schedule's content is checked as a submission's is: the same size limit and flag, schema paths and NUL rule. */
import { checkScheduleContent, jobCatalogue, limits } from "../src";

const catalogue = jobCatalogue({ demoJobs: true });

test("a payload over the size limit is flagged as too large, as a submission's is", () => {
  const check = checkScheduleContent(catalogue, { type: "demo.echo", payload: { blob: "x".repeat(limits.maxPayloadBytes) } });

  expect(check).toMatchObject({ ok: false, payloadTooLarge: true, issues: [{ path: "payload" }] });
});

test("a payload its type refuses names the path under payload; an unknown type names type", () => {
  expect(checkScheduleContent(catalogue, { type: "demo.sleep", payload: { ms: "long" } })).toMatchObject({
    ok: false,
    issues: [{ path: "payload.ms" }],
  });
  expect(checkScheduleContent(catalogue, { type: "no.such-type", payload: {} })).toMatchObject({ ok: false, issues: [{ path: "type" }] });
});

test("NUL in the payload or the metadata is refused at its path; a valid content gives the parsed payload", () => {
  expect(checkScheduleContent(catalogue, { type: "demo.echo", payload: { a: "x\u0000" } })).toMatchObject({
    ok: false,
    issues: [{ path: "payload.a" }],
  });
  expect(checkScheduleContent(catalogue, { type: "demo.echo", payload: {}, metadata: { tag: "x\u0000" } })).toMatchObject({
    ok: false,
    issues: [{ path: "metadata.tag" }],
  });
  expect(checkScheduleContent(catalogue, { type: "demo.fail", payload: { failTimes: 1 } })).toEqual({
    ok: true,
    payload: { failTimes: 1, retryable: true },
  });
});
