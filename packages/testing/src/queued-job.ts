import { newJobRecord, type NewJob } from "@jobline/db";

/** The type the fixtures use: on the cpu queue, three attempts of a second each. */
const testType = { queue: "cpu", defaults: { maxAttempts: 3, timeoutMs: 1000 } };

/** A queued job of `ownerId`, built as the engine builds a submission's, with `overrides` on top. */
export function queuedJob(ownerId: string, overrides: Partial<NewJob> = {}): NewJob {
  return { ...newJobRecord({ ownerId, type: "test.echo", definition: testType, payload: { n: 1 } }), ...overrides };
}
