import { randomUUID } from "node:crypto";
import type { NewJob } from "@jobline/db";

/** A queued job of `ownerId`, as the API would create it through the door. */
export function queuedJob(ownerId: string, overrides: Partial<NewJob> = {}): NewJob {
  return {
    id: randomUUID(),
    ownerId,
    type: "test.echo",
    queue: "cpu",
    status: "queued",
    payload: { n: 1 },
    priority: 0,
    maxAttempts: 3,
    timeoutMs: 1000,
    runAt: null,
    idempotencyKey: null,
    callbackUrl: null,
    metadata: {},
    createdAt: new Date(),
    ...overrides,
  };
}
