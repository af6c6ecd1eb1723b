export { Prisma } from "./generated/prisma/client";
export type { ApiKey, Job, JobEvent, Owner } from "./generated/prisma/client";
export * from "./api-keys";
export * from "./job-record";
export * from "./job-transitions";
export * from "./migrate";
export * from "./prisma-client";
