import { z } from "zod";

/** The work queues a job type can be registered on. The dead-letter queue is not one of them. */
export const workQueueNames = ["cpu", "gpu"] as const;
export const WorkQueueNameSchema = z.enum(workQueueNames);
export type WorkQueueName = z.infer<typeof WorkQueueNameSchema>;

/** Where jobs whose last attempt failed are kept, with their error and attempt history. */
export const deadLetterQueueName = "dead-letter";
