export * from "./cancel-signal";
export * from "./enqueue";
export * from "./job-queues";
export * from "./redis-connection";
export * from "./redrive";
