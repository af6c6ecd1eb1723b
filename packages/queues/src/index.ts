export * from "./cancel-signal";
export * from "./enqueue";
export * from "./job-event-channels";
export * from "./job-queues";
export * from "./redis-connection";
export * from "./redrive";
export * from "./schedule-queue";
