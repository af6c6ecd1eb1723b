export * from "./cancel-signal";
export * from "./enqueue";
export * from "./job-event-channels";
export * from "./job-queues";
export * from "./queue-counts";
export * from "./redis-connection";
export * from "./redrive";
export * from "./schedule-queue";
