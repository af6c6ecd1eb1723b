/**
 * A whole run through a real PgBouncer 1.18 in transaction mode (packages/testing `startPgBouncer`): the built API and
 * worker reach Postgres only through it, with `pgbouncer=true`; the stack's migrations and its own reads go direct, as
 * DIRECT_DATABASE_URL would send `pnpm db:migrate`. Jobs submitted over HTTP complete, report progress, are retried
 * and cancelled; the worker's periodic duties take their locks through the pooler; nothing logs a pooler's refusal.
 */
import type { JobResource } from "@jobline/contract";
import { createTestDatabase, startPgBouncer, startStack, type PgBouncerServer, type Stack, type TestDatabase } from "@jobline/testing";
import { cancelIn, submitTo, untilJob } from "./support/stack-jobs";

let db: TestDatabase;
let bouncer: PgBouncerServer;
let stack: Stack;

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  bouncer = await startPgBouncer(db.url);
  const pooled = new URL(bouncer.url(db.url));
  pooled.searchParams.set("pgbouncer", "true");
  const throughPooler = { DATABASE_URL: pooled.toString(), DIRECT_DATABASE_URL: db.url };
  stack = await startStack({
    databaseUrl: db.url,
    apis: 1,
    workers: 1,
    apiEnv: throughPooler,
    // The sweep runs once at start and the reconciler every second: both take their advisory locks through the pooler.
    workerEnv: { ...throughPooler, SWEEP_INTERVAL_MS: "3600000", RECONCILE_INTERVAL_MS: "1000" },
  });
}, 90_000);

afterAll(async () => {
  await stack?.teardown();
  await bouncer?.destroy();
  await db?.drop();
}, 60_000);

const submit = (body: unknown) => submitTo(stack, body);
const until = (id: string, done: (job: JobResource) => boolean, what: string) => untilJob(stack, id, done, what);

const finished = (job: JobResource): boolean => ["completed", "failed", "cancelled"].includes(job.status);

test("jobs submitted at once all complete", async () => {
  const ids = await Promise.all(Array.from({ length: 30 }, (_, n) => submit({ type: "demo.echo", payload: { n } })));

  const jobs = await Promise.all(ids.map((id) => until(id, finished, "to finish")));

  expect(jobs.map((job) => [job.status, job.attempts])).toEqual(ids.map(() => ["completed", 1]));
}, 30_000);

test("a running job's progress is written and read back", async () => {
  const id = await submit({ type: "demo.sleep", payload: { ms: 2000 } });

  const running = await until(id, (job) => job.status === "running" && job.progress > 0, "to report progress");
  expect(running.progress).toBeLessThan(100);
  expect((await until(id, finished, "to finish")).status).toBe("completed");
}, 30_000);

test("a failed attempt is retried and the next one completes", async () => {
  const id = await submit({ type: "demo.fail", payload: { failTimes: 1 } });

  const done = await until(id, finished, "to finish");

  expect(done).toMatchObject({ status: "completed", attempts: 2, result: { succeededOnAttempt: 2 } });
}, 30_000);

test("a running job is cancelled", async () => {
  const id = await submit({ type: "demo.sleep", payload: { ms: 20_000 } });
  await until(id, (job) => job.status === "running", "to start");

  const res = await cancelIn(stack, id);

  expect(res.status).toBe(200);
  expect((await until(id, finished, "to stop")).status).toBe("cancelled");
}, 30_000);

test("the worker's sweep ran through the pooler, and no process logged a pooler's refusal", async () => {
  await stack.workers[0]!.waitForLine(/retention sweep done/, 10_000);

  const logs = [stack.api(), ...stack.workers].map((service) => service.output()).join("\n");
  expect(logs).not.toMatch(/prepared statement|unsupported startup parameter|advisory/);
});
