/**
 * `@jobline/client`: the typed client of the Jobline REST API, for Node 20 and browsers (fetch, Web Streams,
 * Web Crypto; nothing Node-only).
 *
 * ```ts
 * const jobline = createJobline({ baseUrl: "http://localhost:3000", token: process.env.JOBLINE_TOKEN! });
 * const job = await jobline.jobs.create("report.generate", { title: "Q3", rows, measures: ["revenue"] });
 * const done = await jobline.jobs.wait(job, { timeoutMs: 60_000 });
 * if (done.status === "completed") console.log(done.result?.document);
 * ```
 */
export { createJobline, type Jobline, type JoblineOptions } from "./jobline-client";
export type { JobsApi, JobOptions, JobFilters, JobSubmission, RequestControl, Metadata } from "./jobs-api";
export type { SchedulesApi, NewSchedule, ScheduleChange } from "./schedules-api";
export type { WebhookSecretApi, WebhookSecret } from "./webhook-secret-api";
export type { WaitOptions } from "./wait-for-job";
export { StreamTokenInvalidError, StreamUnsupportedError, type EventStreamOptions } from "./event-stream";
export type { RetryOptions } from "./retry-policy";
export * from "./job";
export * from "./api-errors";
export { NetworkError } from "./network-error";
export { WaitTimeoutError } from "./wait-timeout-error";
export { readServerSentEvents, type ServerSentMessage } from "./sse-parser";
export { verifyWebhook, parseSignatureHeader, signatureHeader, deliveryHeader, type VerifyOptions } from "@jobline/contract";
