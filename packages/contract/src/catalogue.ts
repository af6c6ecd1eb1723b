import type { z } from "zod";
import type { JobTypeDefinition } from "./job-type";
import { demoEcho } from "./types/demo-echo";
import { demoFail } from "./types/demo-fail";
import { demoGpuEcho } from "./types/demo-gpu-echo";
import { demoSleep } from "./types/demo-sleep";
import { reportGenerate } from "./types/report-generate";

/** Every job type Jobline knows, keyed by its name. Adding a type starts here (see the README). */
export const jobTypes = {
  "report.generate": reportGenerate,
  "demo.echo": demoEcho,
  "demo.sleep": demoSleep,
  "demo.fail": demoFail,
  "demo.gpu-echo": demoGpuEcho,
} as const satisfies Record<string, JobTypeDefinition>;

export type JobType = keyof typeof jobTypes;
export type JobPayload<T extends JobType> = z.output<(typeof jobTypes)[T]["payload"]>;
export type JobResult<T extends JobType> = z.output<(typeof jobTypes)[T]["result"]>;

/** The job types a deployment serves: demo types only when asked for. */
export interface JobCatalogue {
  readonly types: readonly JobType[];
  get(type: string): JobTypeDefinition | undefined;
}

export function jobCatalogue(options: { demoJobs: boolean }): JobCatalogue {
  const types = (Object.keys(jobTypes) as JobType[]).filter((type) => options.demoJobs || !jobTypes[type].demo);
  return {
    types,
    get: (type) => (types.includes(type as JobType) ? jobTypes[type as JobType] : undefined),
  };
}
