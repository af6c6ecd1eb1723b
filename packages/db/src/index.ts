export { Prisma } from "./generated/prisma/client";
export type { ApiKey, AuditEntry, IdempotencyKey, Job, JobEvent, Owner } from "./generated/prisma/client";
export * from "./advisory-locks";
export * from "./api-keys";
export * from "./audit-log";
export * from "./owners";
export * from "./token-changes";
export { countUnfinishedJobs } from "./sql/count-unfinished-jobs";
export * from "./database-unreachable";
export * from "./failure-fingerprint";
export * from "./job-record";
export * from "./new-job-record";
export * from "./job-resource";
export * from "./group-commit";
export * from "./job-changes";
export * from "./job-door";
export * from "./job-id";
export * from "./job-transitions";
export type { CreatedJob, CreateOutcome, IdempotencyClaim, NewJob, Submission } from "./sql/create-jobs";
export {
  readIdempotencyRecord,
  readJob,
  readJobPage,
  readJobs,
  type IdempotencyRecord,
  type JobPageQuery,
  type RunnableJob,
} from "./sql/read-jobs";
export type { MovedJob } from "./sql/transition-jobs";
export * from "./write-retry";
export * from "./schedules";
export * from "./webhook-secrets";
export * from "./sql/webhook-deliveries";
export * from "./sql/dead-letters";
export * from "./migrate";
export * from "./database";
export * from "./stale-jobs";
export * from "./sweep";
