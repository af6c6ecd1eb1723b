/**
 * `pnpm --filter @jobline/bench explain-filters`: a million jobs in a fresh database, then `EXPLAIN ANALYZE` of every
 * filter of `GET /v1/jobs` and of the dead-letter desk's reads, as the API writes them (the real statement builders,
 * through a pool that explains instead of running). Then the write cost of the search indexes: jobs moved
 * queued → running → completed through the door with those indexes and without them. Not a test: too slow for CI.
 */
import {
  createDatabase,
  createJobDoor,
  readDeadLetterGroups,
  readJobPage,
  selectFailedJobs,
  type JobPageQuery,
  type Pool,
} from "@jobline/db";
import { createTestDatabase } from "@jobline/testing";

const totalJobs = 1_000_000;
const owners = 50;

/** Spread like a busy deployment: most jobs completed, a few failed with a handful of distinct errors, a fifth tagged. */
const fill = `
  INSERT INTO owners (id, name, webhook_secret) SELECT gen_random_uuid(), 'owner-' || n, 'whsec_x' FROM generate_series(1, ${owners}) n;
  INSERT INTO schedules (id, owner_id, name, type, payload, every_ms)
    SELECT gen_random_uuid(), id, 'nightly', 'demo.echo', '{}', 60000 FROM owners;
  CREATE TEMP TABLE o AS SELECT row_number() OVER (ORDER BY name) AS n, id FROM owners;
  CREATE TEMP TABLE s AS SELECT row_number() OVER (ORDER BY owner_id) AS n, id, owner_id FROM schedules;
  INSERT INTO jobs (id, owner_id, type, queue, status, payload, max_attempts, timeout_ms, metadata, error, fingerprint,
                    created_at, updated_at, finished_at, schedule_id)
  SELECT gen_random_uuid(), o.id, t.type, t.queue, st.status::job_status, '{}', 3, 60000,
         CASE WHEN g % 5 = 0 THEN jsonb_build_object('region', (ARRAY['eu','us','ap','sa','af'])[1 + (g / 5) % 5], 'customer', 'c' || (g % 997)) ELSE '{}'::jsonb END,
         CASE WHEN st.status IN ('failed', 'retrying') THEN jsonb_build_object('name', 'Error', 'attempt', 3,
           'message', (ARRAY['upstream answered 503 after ' || g % 1000 || ' ms', 'quota exceeded for customer c' || g % 997,
                             'connection reset by peer', 'invalid topic "' || g % 50 || '"'])[1 + g % 4]) END,
         CASE WHEN st.status = 'failed' THEN md5(t.type || (g % 4)::text) END,
         now() - (g || ' seconds')::interval * 2.5, now() - (g || ' seconds')::interval * 2.5,
         CASE WHEN st.status IN ('completed', 'failed', 'cancelled') THEN now() - (g || ' seconds')::interval * 2.5 END,
         CASE WHEN g % 100 = 0 THEN s.id END
  FROM generate_series(1, ${totalJobs}) g
  JOIN o ON o.n = 1 + (g % ${owners})
  LEFT JOIN s ON s.owner_id = o.id
  CROSS JOIN LATERAL (SELECT (ARRAY['demo.echo','demo.sleep','report.generate','demo.gpu-echo'])[1 + g % 7 % 4] AS type) t0
  CROSS JOIN LATERAL (SELECT t0.type, CASE WHEN t0.type = 'demo.gpu-echo' THEN 'gpu' ELSE 'cpu' END AS queue) t
  CROSS JOIN LATERAL (SELECT CASE WHEN g % 100 < 85 THEN 'completed' WHEN g % 100 < 90 THEN 'failed' WHEN g % 100 < 94 THEN 'cancelled'
                                  WHEN g % 100 < 97 THEN 'queued' WHEN g % 100 < 98 THEN 'retrying' ELSE 'scheduled' END AS status) st;
  ANALYZE jobs;`;

/** A pool whose queries answer with their plan instead of their rows. */
function explaining(pool: Pool, lines: string[]): Pool {
  return {
    query: async (text: string, values?: unknown[]) => {
      const { rows } = await pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
      lines.push(...rows.map((row) => row["QUERY PLAN"]));
      return { rows: [] };
    },
  } as unknown as Pool;
}

async function explain(pool: Pool, title: string, run: (pool: Pool) => Promise<unknown>): Promise<void> {
  const lines: string[] = [];
  await run(explaining(pool, lines));
  console.log(`\n## ${title}\n${lines.map((line) => `    ${line}`).join("\n")}`);
}

const searchIndexes = {
  jobs_owner_id_fingerprint_created_at_id_idx: `ON jobs (owner_id, fingerprint, created_at DESC, id DESC) WHERE fingerprint IS NOT NULL`,
  jobs_fingerprint_finished_at_idx: `ON jobs (fingerprint, finished_at) WHERE fingerprint IS NOT NULL`,
  jobs_metadata_idx: `ON jobs USING GIN (metadata jsonb_path_ops) WHERE metadata <> '{}'::jsonb`,
  jobs_error_message_trgm_idx: `ON jobs USING GIN ((error->>'message') gin_trgm_ops) WHERE error IS NOT NULL`,
};

/** Jobs per second moved queued → running → completed through the door, `jobs` at a time as the worker's writes arrive. */
async function moveRate(database: ReturnType<typeof createDatabase>, ownerId: string, jobs: number, metadata: object): Promise<number> {
  const { rows } = await database.pool.query<{ id: string }>(
    `INSERT INTO jobs (id, owner_id, type, queue, status, payload, max_attempts, timeout_ms, metadata)
     SELECT gen_random_uuid(), $1, 'demo.echo', 'cpu', 'queued', '{}', 3, 60000, $3 FROM generate_series(1, $2) RETURNING id`,
    [ownerId, jobs, metadata],
  );
  const door = createJobDoor(database);
  const started = process.hrtime.bigint();
  await Promise.all(
    rows.map(async ({ id }) => {
      await door.transition({ jobId: id }, { to: "running" });
      await door.transition({ jobId: id }, { to: "completed", attempt: 1, result: { ok: true } });
    }),
  );
  return jobs / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function writeCost(database: ReturnType<typeof createDatabase>, ownerId: string): Promise<void> {
  const rounds = 3;
  const jobs = 10_000;
  const rates: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const withIndexes of [false, true]) {
      for (const [label, metadata] of [
        ["no metadata", {}],
        ["with metadata", { region: "eu", customer: "c1" }],
      ] as const) {
        if (!withIndexes) for (const name of Object.keys(searchIndexes)) await database.pool.query(`DROP INDEX IF EXISTS ${name}`);
        else
          for (const [name, definition] of Object.entries(searchIndexes))
            await database.pool.query(`CREATE INDEX IF NOT EXISTS ${name} ${definition}`);
        (rates[`${withIndexes ? "with" : "without"} the search indexes, ${label}`] ??= []).push(
          await moveRate(database, ownerId, jobs, metadata),
        );
      }
    }
  }
  console.log(
    `\n## Write cost: ${jobs.toLocaleString("en-US")} jobs queued → running → completed through the door, ${rounds} rounds each (median)`,
  );
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const [label, values] of Object.entries(rates))
    console.log(`    ${label}: ${median(values).toFixed(0)} jobs/s (${values.map((v) => v.toFixed(0)).join(", ")})`);
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const database = createDatabase(db.url, { poolSize: 4 });
  try {
    const fillStarted = Date.now();
    await database.pool.query(fill);
    console.log(
      `# ${totalJobs.toLocaleString("en-US")} jobs over ${owners} owners, filled in ${((Date.now() - fillStarted) / 1000).toFixed(0)} s`,
    );
    const { rows } = await database.pool.query<{ owner_id: string; schedule_id: string; fingerprint: string; created_at: Date }>(
      `SELECT j.owner_id, s.id AS schedule_id, (SELECT fingerprint FROM jobs WHERE fingerprint IS NOT NULL LIMIT 1), now() - interval '3 days' AS created_at
       FROM jobs j JOIN schedules s ON s.owner_id = j.owner_id LIMIT 1`,
    );
    const { owner_id: ownerId, schedule_id: scheduleId, fingerprint, created_at: threeDaysAgo } = rows[0]!;
    const page =
      (filters: Partial<JobPageQuery>, owner: string | null = ownerId) =>
      (pool: Pool) =>
        readJobPage(pool, { ownerId: owner, limit: 21, ...filters });
    const filters: [string, (pool: Pool) => Promise<unknown>][] = [
      ["one owner, no filter", page({})],
      ["status=failed", page({ statuses: ["failed"] })],
      ["status=queued,retrying", page({ statuses: ["queued", "retrying"] })],
      ["type=report.generate", page({ type: "report.generate" })],
      ["queue=gpu", page({ queue: "gpu" })],
      ["scheduleId", page({ scheduleId })],
      ["createdAfter (3 days ago)", page({ createdAfter: threeDaysAgo })],
      ["createdBefore (3 days ago)", page({ createdBefore: threeDaysAgo })],
      ["metadata.region=eu", page({ metadata: { region: "eu" } })],
      ["metadata.customer=c42 (rare)", page({ metadata: { customer: "c42" } })],
      ["q=reset by", page({ errorText: "reset by" })],
      ["q=c42 (rare)", page({ errorText: "customer c42" })],
      ["status=failed&fingerprint", page({ statuses: ["failed"], fingerprint })],
      [
        "status=failed&type&createdAfter&metadata.region",
        page({ statuses: ["failed"], type: "demo.sleep", createdAfter: threeDaysAgo, metadata: { region: "us" } }),
      ],
      ["admin, every owner, no filter", page({}, null)],
      ["admin, every owner, fingerprint", page({ fingerprint }, null)],
      ["admin, every owner, metadata.customer=c42", page({ metadata: { customer: "c42" } }, null)],
      ["admin, every owner, q=customer c42", page({ errorText: "customer c42" }, null)],
      ["GET /v1/dead-letters", (pool) => readDeadLetterGroups(pool, { limit: 100 })],
      ["GET /v1/dead-letters?type=&since=", (pool) => readDeadLetterGroups(pool, { type: "demo.sleep", since: threeDaysAgo, limit: 100 })],
      ["redrive selection: fingerprint, limit 500", (pool) => selectFailedJobs(pool, { fingerprint, limit: 500 })],
    ];
    for (const [title, run] of filters) await explain(database.pool, title, run);
    await writeCost(database, ownerId);
  } finally {
    await database.close();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
