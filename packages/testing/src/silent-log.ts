/** A log that drops everything: for the engine's and the worker's parts under test, which take a small log, not pino. */
export const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
