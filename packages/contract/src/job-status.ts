import { z } from "zod";

/** Every status a job can have; see the glossary in `index.ts`. */
export const jobStatuses = ["queued", "scheduled", "running", "retrying", "completed", "failed", "cancelled"] as const;
export const JobStatusSchema = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const terminalStatuses: readonly JobStatus[] = ["completed", "failed", "cancelled"];

export function isTerminal(status: JobStatus): boolean {
  return terminalStatuses.includes(status);
}
