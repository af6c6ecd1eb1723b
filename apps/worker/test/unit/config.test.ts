import os from "node:os";
import { ConfigError } from "@jobline/config";
import { loadConfig } from "../../src/config";

const required = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/jobline", REDIS_URL: "redis://127.0.0.1:6379" };

describe("worker configuration", () => {
  it("fills in the documented defaults and freezes the result", () => {
    const config = loadConfig(required);
    expect(config).toEqual({
      databaseUrl: required.DATABASE_URL,
      transactionPooler: false,
      redisUrl: required.REDIS_URL,
      queuePrefix: "jobline",
      queues: [
        { name: "cpu", concurrency: os.availableParallelism() },
        { name: "gpu", concurrency: 1 },
      ],
      shutdownGraceMs: 30_000,
      port: 3001,
      http: { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5000 },
      demoJobs: false,
      logLevel: "info",
      logFormat: "json",
      retention: { jobRetentionDays: 30, failedJobRetentionDays: 90, sweepIntervalMs: 3_600_000 },
      stalls: { lockDurationMs: 15_000, stalledIntervalMs: 7_500, maxStalledCount: 2 },
      dbRetryMs: 300_000,
      reconcile: { intervalMs: 30_000, graceMs: 60_000 },
      webhooks: {
        allowPrivateNetworks: false,
        timeoutMs: 10_000,
        maxAttempts: 8,
        retryDelayMs: 5000,
        concurrency: 10,
        hostConcurrency: 4,
        breakerFailures: 5,
        breakerCoolDownMs: 30_000,
        sweepIntervalMs: 5000,
      },
      scheduleRestoreIntervalMs: 30_000,
      maxUnfinishedJobsPerOwner: 100_000,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.queues)).toBe(true);
  });

  it("parses every setting, treating empty variables as unset", () => {
    const config = loadConfig({
      ...required,
      QUEUE_PREFIX: "staging",
      WORKER_QUEUES: " gpu , gpu,",
      WORKER_CONCURRENCY_GPU: "2",
      WORKER_CONCURRENCY_CPU: "",
      WORKER_SHUTDOWN_GRACE_MS: "0",
      WORKER_PORT: "0",
      JOBLINE_DEMO_JOBS: "true",
      LOG_LEVEL: "debug",
      JOB_RETENTION_DAYS: "7",
      FAILED_JOB_RETENTION_DAYS: "14",
      SWEEP_INTERVAL_MS: "0",
      MAX_UNFINISHED_JOBS_PER_OWNER: "0",
    });
    expect(config.maxUnfinishedJobsPerOwner).toBe(0);
    expect(config.queues).toEqual([{ name: "gpu", concurrency: 2 }]);
    expect(config.retention).toEqual({ jobRetentionDays: 7, failedJobRetentionDays: 14, sweepIntervalMs: 0 });
    expect(config).toMatchObject({ queuePrefix: "staging", shutdownGraceMs: 0, port: 0, demoJobs: true, logLevel: "debug" });
  });

  it("lists every bad variable at once", () => {
    let error: unknown;
    try {
      loadConfig({
        REDIS_URL: "http://nope",
        WORKER_QUEUES: "cpu,tpu",
        WORKER_CONCURRENCY_CPU: "0",
        WORKER_PORT: "70000",
        JOBLINE_DEMO_JOBS: "yes",
        LOG_LEVEL: "loud",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((problem) => problem.split(":")[0]!);
    expect(problems.sort()).toEqual(
      ["DATABASE_URL", "JOBLINE_DEMO_JOBS", "LOG_LEVEL", "REDIS_URL", "WORKER_CONCURRENCY_CPU", "WORKER_PORT", "WORKER_QUEUES.1"].sort(),
    );
  });

  it("takes the API's HTTP timeouts for its health and metrics server, the head never outlasting the request", () => {
    expect(loadConfig({ ...required, HTTP_REQUEST_TIMEOUT_MS: "20000", HTTP_KEEP_ALIVE_TIMEOUT_MS: "65000" }).http).toEqual({
      requestTimeoutMs: 20_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 65_000,
    });
    expect(() => loadConfig({ ...required, HTTP_REQUEST_TIMEOUT_MS: "5000" })).toThrow(/HTTP_HEADERS_TIMEOUT_MS/);
  });

  it("refuses an empty queue list", () => {
    expect(() => loadConfig({ ...required, WORKER_QUEUES: ", ," })).toThrow(/WORKER_QUEUES: name at least one queue/);
  });
});
