/**
 * The Jobline job catalogue, shared by the API and the worker.
 *
 * Glossary
 * - **job**: one unit of work a client submitted: a type, a payload, options. Its Postgres row is the truth.
 * - **job type**: a named kind of work (`report.generate`), registered on exactly one queue, with a payload schema
 *   and default options. Defined in `catalogue.ts`; run by a handler in the worker.
 * - **queue**: `cpu` or `gpu`. A worker process chooses which queues it serves.
 * - **attempt**: one run of a job by a worker. A failed attempt is retried after an exponential backoff until
 *   `maxAttempts` are spent or the error is not retryable.
 * - **dead letter**: a job whose last attempt failed. It is kept in the `dead-letter` queue with its error and
 *   attempt history until an operator or client re-drives it (`POST /v1/jobs/{id}/retry`).
 * - **owner**: the tenant a token and its jobs belong to; owners never see each other's jobs.
 * - **schedule**: a recurring job: a type, a payload and a cron expression or interval. Each run is an ordinary job
 *   of the schedule's owner, with `scheduleId` set.
 */
export * from "./backoff";
export * from "./catalogue";
export * from "./dead-letters";
export * from "./job-event";
export * from "./job-resource";
export * from "./job-status";
export * from "./job-type";
export * from "./limits";
export * from "./list-jobs";
export * from "./queue-names";
export * from "./schedule";
export * from "./schedule-timing";
export * from "./scopes";
export * from "./submit-job";
export * from "./storable-instant";
export * from "./storable-value";
export * from "./query-integer";
export * from "./webhook-resources";
export * from "./webhook-signature";
export * from "./audit";
export * from "./owners";
export * from "./tokens";
export * from "./problems";
