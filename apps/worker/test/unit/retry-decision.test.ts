import { UnrecoverableError } from "bullmq";
import { InvalidPayloadError, JobCancelledError, JobTimeoutError, PermanentJobError, UnknownJobTypeError } from "../../src/attempt-errors";
import { decideAfterFailure, isRetryable } from "../../src/retry-decision";

describe("retry decision", () => {
  it("retries an ordinary error while attempts are left", () => {
    expect(decideAfterFailure(new Error("flaky"), 1, 3)).toEqual({ action: "retry" });
    expect(decideAfterFailure(new Error("flaky"), 2, 3)).toEqual({ action: "retry" });
  });

  it("fails as exhausted on the last attempt", () => {
    expect(decideAfterFailure(new Error("flaky"), 3, 3)).toEqual({ action: "fail", reason: "exhausted" });
    expect(decideAfterFailure(new JobTimeoutError(200), 1, 1)).toEqual({ action: "fail", reason: "exhausted" });
  });

  it("fails permanent errors at once, even on the first of many attempts", () => {
    for (const error of [
      new PermanentJobError("no"),
      new InvalidPayloadError("bad"),
      new JobCancelledError("stop"),
      new UnknownJobTypeError("text.wordcount"),
      new UnrecoverableError("x"),
    ]) {
      expect(decideAfterFailure(error, 1, 10)).toEqual({ action: "fail", reason: "permanent" });
    }
  });

  it("decides by class, not by message or name", () => {
    const lookalike = new Error("PermanentJobError: do not retry");
    lookalike.name = "PermanentJobError";
    expect(isRetryable(lookalike)).toBe(true);
    expect(isRetryable(new JobTimeoutError(100))).toBe(true);
    expect(isRetryable("a string")).toBe(true);
  });
});
