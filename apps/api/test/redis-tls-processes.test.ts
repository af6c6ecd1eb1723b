/**
 * A whole run over Redis with TLS and a private CA (packages/testing `startTlsRedisServer`): the built API and worker
 * reach a Redis that speaks only TLS and asks for a client certificate, given REDIS_TLS_CA_FILE, REDIS_TLS_CERT_FILE
 * and REDIS_TLS_KEY_FILE. Jobs submitted over HTTP complete, and a running one is cancelled (the cancel travels over
 * the worker's subscriber, a duplicate of its connection, which must keep the certificates).
 */
import type { JobResource } from "@jobline/contract";
import { startStack, startTlsRedisServer, type Stack, type TlsRedisServer } from "@jobline/testing";
import { cancelIn, submitTo, untilJob } from "./support/stack-jobs";

let redis: TlsRedisServer;
let stack: Stack;

beforeAll(async () => {
  redis = await startTlsRedisServer();
  const tls = { REDIS_TLS_CA_FILE: redis.files.ca, REDIS_TLS_CERT_FILE: redis.files.cert, REDIS_TLS_KEY_FILE: redis.files.key };
  stack = await startStack({ redisUrl: redis.url, apis: 1, workers: 1, apiEnv: tls, workerEnv: tls });
}, 90_000);

afterAll(async () => {
  await stack?.teardown();
  await redis?.destroy();
}, 60_000);

const submit = (body: unknown) => submitTo(stack, body);
const until = (id: string, done: (job: JobResource) => boolean, what: string) => untilJob(stack, id, done, what);

test("jobs submitted over HTTP complete, through a Redis that speaks only TLS", async () => {
  const ids = await Promise.all(Array.from({ length: 10 }, (_, n) => submit({ type: "demo.echo", payload: { n } })));
  const jobs = await Promise.all(ids.map((id) => until(id, (job) => job.status === "completed", "to complete")));
  expect(jobs.map((job) => job.result)).toEqual(ids.map((_, n) => ({ n })));
});

test("a running job is cancelled: the cancel reaches the worker over its TLS subscriber", async () => {
  const id = await submit({ type: "demo.sleep", payload: { ms: 30_000 } });
  await until(id, (job) => job.status === "running", "to run");
  const res = await cancelIn(stack, id);
  expect(res.status).toBe(200);
  await stack.workers[0]!.waitForLine(new RegExp(`"jobId":"${id}".*cancelling the running attempt`), 10_000);
  expect((await until(id, (job) => job.status === "cancelled", "to stay cancelled")).status).toBe("cancelled");
});
