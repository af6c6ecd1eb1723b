/**
 * @jobline/engine: the one home of every operation on a job. The API's routes, the dashboard, the schedule runner,
 * the reconciler and the worker's lifecycle call these functions; none of them writes a job any other way. Errors are
 * the domain's (`errors.ts`); the API's edge turns them into problem documents. How and why: docs/architecture.md.
 *
 * Glossary
 * - **row**: a job's Postgres row, the truth (status, attempts, result, error). **entry**: its BullMQ queue entry,
 *   named after the row's id, which only says what to run next.
 * - **the door** (`JobDoor`, packages/db): the one writer of rows. Every change is a conditional write
 *   (`allowedFrom`) in a set with the other callers' (group commit), announced once after its commit.
 * - **submit**: rows first, then entries (`submit/`); a schedule's **fire** submits a **run** the same way.
 * - **cancel**, **re-drive** (a failed or cancelled job back to its queue, attempts reset), **promote** (a scheduled
 *   job runs now; a retrying one skips its backoff): `cancel/`, `redrive/`, `promote/`.
 * - **attempt**: one run of a job by a worker. Its **outcome** (complete, retry, fail) is recorded by `outcomes/`;
 *   a failed job's **dead letter** is the operator's copy in the `dead-letter` queue.
 * - **actor**: who asks (an owner's token, an admin's, an operator on the dashboard); its **owner scope** is whose
 *   jobs it reaches. The actor decides what the audit log records (`audit/`).
 * - **createEngine**: the wiring both apps start from; **shutdown steps** and **periodic tasks**: `runtime/`.
 */
export * from "./errors";
export * from "./outcomes/attempt-start";
export * from "./outcomes/complete-attempt";
export * from "./outcomes/dead-letter";
export * from "./outcomes/fail-attempt";
export * from "./outcomes/retry-attempt";
export * from "./actors/actor";
export * from "./actors/owner-scope";
export * from "./audit/job-audit";
export * from "./reads/keyset-cursor";
export * from "./reads/job-reads";
export * from "./validation/invalid-input-of";
export * from "./submit/write-jobs";
export * from "./submit/submit-writer";
export * from "./submit/idempotency";
export * from "./submit/callback-urls";
export * from "./submit/unfinished-jobs-cap";
export * from "./submit/reserve-within-cap";
export * from "./submit/submit-jobs";
export * from "./cancel/cancel-job";
export * from "./cancel/withdraw-entry";
export * from "./redrive/requeue-entry";
export * from "./redrive/replacement-payload";
export * from "./redrive/redrive-job";
export * from "./redrive/redrive-jobs";
export * from "./redrive/redrive-dead-letters";
export * from "./promote/promote-job";
export * from "./queues/pause-queues";
export * from "./schedules/schedule-reads";
export * from "./schedules/scheduler-sync";
export * from "./schedules/schedule-changes";
export * from "./schedules/fire-schedule";
export * from "./runtime/periodic-task";
export * from "./runtime/shutdown-sequence";
export * from "./create-engine";
