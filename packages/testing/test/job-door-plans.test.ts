/**
 * The door's hot statements find their rows by primary key, whatever the table's statistics say. A table filled
 * faster than it is analyzed (a fresh deployment's first burst, a database with autovacuum off) once made every
 * transition read the whole jobs table: the planner, told the table was tiny, hashed it.
 */
import { createApiKey, createDatabase, createJobDoor, type Database, type JobDoor } from "@jobline/db";
import { createTestDatabase, queuedJob, type TestDatabase } from "../src";

jest.setTimeout(60_000);

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

let db: TestDatabase;
let database: Database;
let door: JobDoor;
let ownerId: string;
/** The plan of every named statement the door sent, by name. */
const plans = new Map<string, PlanNode>();

beforeAll(async () => {
  db = await createTestDatabase();
  database = createDatabase(db.url, { poolSize: 4 });
  // Never analyzed while the test fills it.
  await database.pool.query("ALTER TABLE jobs SET (autovacuum_enabled = false)");
  for (const pool of [database.pool, database.asyncCommitPool]) {
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args) => {
      const statement = args[0] as { name?: string; text?: string; values?: unknown[] };
      if (typeof statement === "object" && statement.name && statement.text) {
        const explained = (await query({ text: `EXPLAIN (FORMAT JSON) ${statement.text}`, values: statement.values })) as {
          rows: Array<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }>;
        };
        plans.set(statement.name, explained.rows[0]!["QUERY PLAN"][0]!.Plan);
      }
      return query(...args);
    };
  }
  door = createJobDoor(database);
  ownerId = (await createApiKey(database.prisma, { owner: "alice", scopes: ["jobs:write"] })).owner.id;
  const jobs = Array.from({ length: 5000 }, () => queuedJob(ownerId));
  await database.pool.query(
    `INSERT INTO jobs (id, owner_id, type, queue, status, payload, max_attempts, timeout_ms)
     SELECT id, $2, 'demo.echo', 'cpu', 'queued', '{}', 3, 60000 FROM unnest($1::uuid[]) id`,
    [jobs.map((job) => job.id), ownerId],
  );
});

afterAll(async () => {
  await database?.close();
  await db?.drop();
});

function scansOfJobs(node: PlanNode): string[] {
  const own = node["Relation Name"] === "jobs" ? [node["Node Type"]] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOfJobs)];
}

async function queuedIds(count: number): Promise<string[]> {
  const { rows } = await database.pool.query<{ id: string }>("SELECT id FROM jobs WHERE status = 'queued' LIMIT $1", [count]);
  return rows.map((row) => row.id);
}

test("a set of starts and completions reads the jobs table by its primary key", async () => {
  const [started, completed] = [await queuedIds(10), (await queuedIds(20)).slice(10)];
  await Promise.all(started.map((jobId) => door.transition({ jobId }, { to: "running" })));
  await Promise.all(
    completed.map((jobId) => door.transition({ jobId }, { to: "completed", attempt: 1, result: null, startedAt: new Date() })),
  );

  for (const name of ["jobline.transition-running", "jobline.transition-started-completed"]) {
    expect({ name, scans: scansOfJobs(plans.get(name)!) }).toEqual({ name, scans: expect.not.arrayContaining(["Seq Scan"]) });
  }
});

test("a set of progress reports reads the jobs table by its primary key", async () => {
  const ids = await queuedIds(10);
  await Promise.all(ids.map((jobId) => door.transition({ jobId }, { to: "running" })));
  await Promise.all(ids.map((jobId) => door.progress(jobId, 50)));

  expect(scansOfJobs(plans.get("jobline.record-progress")!)).not.toContain("Seq Scan");
});
