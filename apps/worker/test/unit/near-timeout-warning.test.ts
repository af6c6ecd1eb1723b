import { pino } from "pino";
import { nearTimeoutWarning } from "../../src/handlers/hooks";
import { hookedAttempt } from "../../src/attempt-hooks";

function warnings(durationMs: number): unknown[] {
  const lines: unknown[] = [];
  const log = pino({ level: "warn" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const attempt = hookedAttempt({ id: "j", type: "demo.sleep", queue: "cpu", payload: {}, timeoutMs: 1000 }, 1, new Date());
  void nearTimeoutWarning.after?.(attempt, { ok: true, result: null, durationMs }, log);
  return lines;
}

describe("the near-timeout warning hook", () => {
  it("warns when an attempt used 80% of its timeout or more", () => {
    expect(warnings(800)).toEqual([expect.objectContaining({ msg: "attempt ran close to its timeout", durationMs: 800, timeoutMs: 1000 })]);
  });

  it("stays quiet for an attempt well within its timeout", () => {
    expect(warnings(799)).toEqual([]);
  });
});
