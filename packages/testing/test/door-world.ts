/**
 * A world for the door's tests: a fresh database with two owners and a door whose announcements are collected, plus
 * the moves production makes to bring a job into each status. Jobs are created through the door, then moved through it.
 */
import {
  createApiKey,
  createDatabase,
  createJobDoor,
  type Database,
  type JobChange,
  type JobDoor,
  type NewJob,
  type Transition,
} from "@jobline/db";
import type { JobStatus } from "@jobline/contract";
import { createTestDatabase, queuedJob, type TestDatabase } from "../src";

export const failure = (attempt: number) => ({ message: "boom", name: "Error", attempt, stack: "Error: boom\n    at handler" });

const enqueueNothing = async (): Promise<void> => undefined;

/** Registers the world's setup and teardown with jest; use its members inside tests. */
export function doorWorld() {
  const state = {} as { db: TestDatabase; database: Database; door: JobDoor; ownerId: string; otherOwnerId: string };
  const announced: JobChange[] = [];

  beforeAll(async () => {
    state.db = await createTestDatabase();
    state.database = createDatabase(state.db.url, { poolSize: 4 });
    state.door = createJobDoor(state.database);
    state.door.onChange((changes) => announced.push(...changes));
    state.ownerId = (await createApiKey(state.database.prisma, { owner: "alice", scopes: ["jobs:write"] })).owner.id;
    state.otherOwnerId = (await createApiKey(state.database.prisma, { owner: "bob", scopes: ["jobs:write"] })).owner.id;
  });

  afterAll(async () => {
    await state.database?.close();
    await state.db?.drop();
  });

  const created = async (overrides: Partial<NewJob> = {}): Promise<string> => {
    const job = queuedJob(state.ownerId, overrides);
    await state.door.create([{ jobs: [job] }], enqueueNothing);
    return job.id;
  };
  const move = async (jobId: string, transition: Transition): Promise<void> => {
    if (!(await state.door.transition({ jobId }, transition))) throw new Error(`could not move ${jobId} to ${transition.to}`);
  };
  /** A job in `status`, reached by the moves production makes. */
  const jobIn = async (status: JobStatus): Promise<string> => {
    if (status === "scheduled") return created({ status: "scheduled", runAt: new Date(Date.now() + 60_000) });
    const jobId = await created();
    const path: Record<Exclude<JobStatus, "scheduled">, Transition[]> = {
      queued: [],
      running: [{ to: "running" }],
      retrying: [{ to: "running" }, { to: "retrying", attempt: 1, error: failure(1) }],
      completed: [{ to: "running" }, { to: "completed", attempt: 1, result: { ok: true } }],
      failed: [{ to: "running" }, { to: "failed", attempt: 1, error: failure(1), fingerprint: "fingerprint" }],
      cancelled: [{ to: "cancelled", reason: "user asked" }],
    };
    for (const transition of path[status]) await move(jobId, transition);
    return jobId;
  };
  /** The row and its timeline, to compare before and after a move. */
  const snapshot = async (jobId: string) => ({
    row: await state.database.prisma.job.findUniqueOrThrow({ where: { id: jobId } }),
    events: await state.database.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { id: "asc" } }),
  });

  return {
    get db() {
      return state.db;
    },
    get database() {
      return state.database;
    },
    get door() {
      return state.door;
    },
    get ownerId() {
      return state.ownerId;
    },
    get otherOwnerId() {
      return state.otherOwnerId;
    },
    /** Every change the door announced, in order. */
    announced,
    created,
    move,
    jobIn,
    snapshot,
  };
}
