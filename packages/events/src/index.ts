export * from "./cancel-channel";
export * from "./job-event-channels";
