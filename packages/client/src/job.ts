/**
 * The resources the API answers with, as TypeScript types. Jobs are typed per job type from the catalogue's zod
 * schemas: `Job<"report.generate">` has that type's payload and result.
 */
import type {
  JobError,
  JobEvent,
  JobEventType,
  JobResource,
  JobStatus,
  jobTypes,
  ScheduleResource,
  WorkQueueName,
} from "@jobline/contract";
import type { z } from "zod";

export type JobType = keyof typeof jobTypes;
/** What a client sends for a type: the schema's input (defaults may be left out). */
export type JobPayloadInput<T extends JobType> = z.input<(typeof jobTypes)[T]["payload"]>;
/** What the job holds once the API parsed it: the schema's output. */
export type JobPayloadOutput<T extends JobType> = z.output<(typeof jobTypes)[T]["payload"]>;
export type JobResultOf<T extends JobType> = z.output<(typeof jobTypes)[T]["result"]>;

/** A job of type `T`: `result` is that type's result once the job completed, null before. */
export type Job<T extends JobType> = Omit<JobResource, "type" | "payload" | "result"> & {
  type: T;
  payload: JobPayloadOutput<T>;
  result: JobResultOf<T> | null;
  /** Set on the jobs a schedule started. */
  scheduleId?: string | null;
};

/** A job whose type is not known statically (a listing over several types). */
export type AnyJob = { [T in JobType]: Job<T> }[JobType];

export type { JobError, JobEvent, JobEventType, JobStatus, WorkQueueName };

export interface Page<Item> {
  data: Item[];
  nextCursor: string | null;
}

/** One attempt to deliver a job's webhook. */
export interface Delivery {
  id: string;
  event: "job.completed" | "job.failed" | "job.cancelled";
  url: string;
  attempt: number;
  status: "pending" | "succeeded" | "failed";
  responseStatus: number | null;
  durationMs: number | null;
  error: string | null;
  createdAt: string;
}

/** A recurring job. */
export type Schedule = Omit<ScheduleResource, "type"> & { type: JobType };
