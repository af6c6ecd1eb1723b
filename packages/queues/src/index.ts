export * from "./enqueue";
export * from "./job-queues";
export * from "./queue-counts";
export * from "./redis-connection";
export * from "./schedule-queue";
export * from "./start-snapshot";
export * from "./webhook-queue";
