/**
 * The lean endpoint, the reference for accepting a job: the least a service can do to take one over HTTP and
 * queue it. `node:http`, one INSERT of a row shaped like a job, one `Queue.add`, 202 with JSON. No framework, no
 * authentication, no validation, no transaction, no timeline event. Run as its own process, like the API, on a pool
 * of the API's default size (10). Reads its environment once, here: DATABASE_URL, REDIS_URL, QUEUE_PREFIX, PORT.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { Pool } from "pg";

const env = {
  databaseUrl: process.env.DATABASE_URL ?? "",
  redisUrl: process.env.REDIS_URL ?? "",
  prefix: process.env.QUEUE_PREFIX ?? "",
  port: Number(process.env.PORT ?? 0),
};

const pool = new Pool({ connectionString: env.databaseUrl, max: 10 });
const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 1 });
const queue = new Queue("cpu", { connection: redis, prefix: env.prefix });

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

async function accept(text: string): Promise<unknown> {
  const { type, payload } = JSON.parse(text) as { type: string; payload: unknown };
  const id = randomUUID();
  const { rows } = await pool.query<{ created_at: Date }>(
    "INSERT INTO jobs (id, type, payload, status) VALUES ($1, $2, $3, 'queued') RETURNING created_at",
    [id, type, JSON.stringify(payload)],
  );
  await queue.add(type, { type, payload }, { jobId: id, removeOnComplete: { age: 3600 } });
  return { id, type, status: "queued", createdAt: rows[0]!.created_at };
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    accept(Buffer.concat(chunks).toString("utf8")).then(
      (job) => answer(res, 202, job),
      (error: unknown) => answer(res, 500, { error: String(error) }),
    );
  });
});

server.listen(env.port, "127.0.0.1", () => {
  const address = server.address();
  console.log(`lean listening ${JSON.stringify({ port: typeof address === "object" && address ? address.port : env.port })}`);
});

process.once("SIGTERM", () => {
  server.close();
  void Promise.allSettled([queue.close(), pool.end()]).then(() => {
    redis.disconnect();
    process.exit(0);
  });
});
