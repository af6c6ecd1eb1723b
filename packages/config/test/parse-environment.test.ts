import { z } from "zod";
import {
  ConfigError,
  databaseEnv,
  directUrlForMigrations,
  migrationsEnv,
  migrationsUrl,
  parseEnvironment,
  sharedConfig,
  sharedEnv,
} from "../src";

const required = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/jobline", REDIS_URL: "redis://127.0.0.1:6379" };
const shared = z.object(sharedEnv);

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

test("fills in the shared defaults", () => {
  expect(sharedConfig(parseEnvironment(shared, required))).toEqual({
    databaseUrl: required.DATABASE_URL,
    transactionPooler: false,
    redisUrl: required.REDIS_URL,
    queuePrefix: "jobline",
    demoJobs: false,
    logLevel: "info",
    logFormat: "json",
  });
});

test("LOG_FORMAT is json or pretty", () => {
  expect(sharedConfig(parseEnvironment(shared, { ...required, LOG_FORMAT: "pretty" })).logFormat).toBe("pretty");
  expect(problemsOf(() => parseEnvironment(shared, { ...required, LOG_FORMAT: "colour" }))).toEqual([
    expect.stringMatching(/^LOG_FORMAT: /),
  ]);
});

test("an empty variable counts as unset", () => {
  expect(parseEnvironment(shared, { ...required, QUEUE_PREFIX: "", LOG_LEVEL: "" })).toMatchObject({
    QUEUE_PREFIX: "jobline",
    LOG_LEVEL: "info",
  });
  expect(problemsOf(() => parseEnvironment(z.object(databaseEnv), { DATABASE_URL: "" }))).toEqual([
    "DATABASE_URL: is required (postgresql://…)",
  ]);
});

test("lists every bad variable at once, one line each", () => {
  const env = { DATABASE_URL: "mysql://db", REDIS_URL: undefined, QUEUE_PREFIX: "job line", JOBLINE_DEMO_JOBS: "yes", LOG_LEVEL: "loud" };
  const problems = problemsOf(() => parseEnvironment(shared, env));
  expect(problems.map((problem) => problem.split(":")[0]!).sort()).toEqual([
    "DATABASE_URL",
    "JOBLINE_DEMO_JOBS",
    "LOG_LEVEL",
    "QUEUE_PREFIX",
    "REDIS_URL",
  ]);
  expect(problems).toContain("DATABASE_URL: must be a postgresql:// URL");
  expect(problems).toContain("REDIS_URL: is required (redis://…)");
  expect(() => parseEnvironment(shared, env)).toThrow(/^invalid configuration:\n {2}\w+: /);
});

const direct = "postgresql://postgres@db.internal:5432/jobline";
const pooled = "postgresql://postgres@pooler.internal:6432/jobline?pgbouncer=true";
const migrations = z.object({ ...databaseEnv, ...migrationsEnv }).refine(...directUrlForMigrations);

test("pgbouncer=true in DATABASE_URL says a transaction pooler is in front; the URL is kept as given", () => {
  const config = sharedConfig(parseEnvironment(z.object(sharedEnv), { DATABASE_URL: pooled, REDIS_URL: "redis://127.0.0.1:6379" }));

  expect(config).toMatchObject({ databaseUrl: pooled, transactionPooler: true });
});

test("a pgbouncer= that is neither true nor false is a configuration error", () => {
  expect(problemsOf(() => parseEnvironment(z.object(databaseEnv), { DATABASE_URL: `${direct}?pgbouncer=yes` }))).toEqual([
    "DATABASE_URL: pgbouncer= must be true or false",
  ]);
});

test("migrations go to DIRECT_DATABASE_URL when it is set", () => {
  expect(migrationsUrl(parseEnvironment(migrations, { DATABASE_URL: pooled, DIRECT_DATABASE_URL: direct }))).toBe(direct);
  expect(migrationsUrl(parseEnvironment(migrations, { DATABASE_URL: direct }))).toBe(direct);
});

test("migrations behind a pooler without DIRECT_DATABASE_URL (or with a pooled one) are a configuration error", () => {
  const refused = [expect.stringMatching(/^DIRECT_DATABASE_URL: must be set to the database's own address/)];

  expect(problemsOf(() => parseEnvironment(migrations, { DATABASE_URL: pooled }))).toEqual(refused);
  expect(problemsOf(() => parseEnvironment(migrations, { DATABASE_URL: pooled, DIRECT_DATABASE_URL: pooled }))).toEqual(refused);
});
