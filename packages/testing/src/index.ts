export * from "./test-database";
export * from "./test-redis";
export * from "./spawned-service";
export * from "./free-port";
export * from "./postgres-server";
export * from "./redis-server";
export * from "./stack";
export * from "./queued-job";
