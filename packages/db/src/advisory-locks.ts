/**
 * Postgres advisory locks: how Jobline processes take turns at the few things only one of them may do at a time.
 * Every key is in the one table below, so no two uses can pick the same number by accident.
 */
import { Client } from "pg";
import type { PrismaClient } from "./generated/prisma/client";

/** Any fixed numbers, distinct from each other: every process that takes a lock takes the same key for it. */
export const advisoryLockKeys = {
  /** Applying migrations: a process starting while another migrates waits for it. */
  migrate: 727_274_001n,
  /** The retention sweep: one sweeper at a time, so adding workers does not multiply the deletes. */
  sweep: 727_274_002n,
  /** The reconciler's pass: one worker process at a time compares rows with queue entries. */
  reconcile: 727_274_003n,
  /** The webhook outbox sweep: one worker process at a time enqueues deliveries left pending. */
  webhookSweep: 727_274_005n,
  /** The schedule restorer's pass: one worker process at a time compares schedules with their BullMQ schedulers. */
  schedules: 727_274_004n,
} as const;

export type AdvisoryLock = keyof typeof advisoryLockKeys;

/**
 * Waits until `client`'s session holds `lock`, runs `work`, then releases it (a dropped session releases it too). A
 * session lock, for work of several transactions (the migrations): `client` must be a direct connection, not one
 * through a pooler in transaction mode.
 */
export async function withAdvisoryLock<T>(client: Client, lock: AdvisoryLock, work: () => Promise<T>): Promise<T> {
  await client.query("SELECT pg_advisory_lock($1)", [advisoryLockKeys[lock]]);
  try {
    return await work();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [advisoryLockKeys[lock]]).catch(() => undefined);
  }
}

/**
 * Runs `work` only if no other session holds `lock`; resolves null at once when one does (so `work` itself should
 * not resolve null). The lock is held by a connection of its own, because Prisma's pool gives no promise that two
 * queries share a session; `work` may use any connection. It is transaction-scoped, in a transaction open for the
 * run: behind a pooler in transaction mode a session lock would stay on a server connection the pooler hands to
 * others once the statement ends (and its unlock could reach another one), while an open transaction keeps its
 * server connection until COMMIT, which releases the lock.
 */
export async function tryAdvisoryLock<T>(databaseUrl: string, lock: AdvisoryLock, work: () => Promise<T>): Promise<T | null> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  // A dropped connection also rejects the query in flight; without a listener its 'error' event would crash the process.
  client.on("error", () => undefined);
  await client.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS locked", [advisoryLockKeys[lock]]);
    try {
      return rows[0]?.locked ? await work() : null;
    } finally {
      await client.query("COMMIT");
    }
  } finally {
    await client.end();
  }
}

/**
 * Like `tryAdvisoryLock`, on one of Prisma's pooled connections: the lock is transaction-scoped and the transaction
 * stays open for the run, so a crashed holder releases it with its connection. `timeoutMs` bounds the run.
 */
export async function tryAdvisoryXactLock<T>(
  prisma: PrismaClient,
  lock: AdvisoryLock,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T | null> {
  return prisma.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${advisoryLockKeys[lock]}) AS locked`;
      return row?.locked ? await work() : null;
    },
    { timeout: timeoutMs, maxWait: 5000 },
  );
}

/**
 * The class of the per-schedule locks. Not in `advisoryLockKeys`: those are one fixed 64-bit key per lock, and a
 * schedule's lock is keyed by its id, so it takes Postgres's two-key form (this class, a hash of the id), a key
 * space Postgres keeps apart from the single keys. Two schedules whose ids hash alike only take turns needlessly.
 */
const scheduleLockClass = 727_274_006;

/**
 * Waits until no other session holds `scheduleId`'s lock, runs `work`, then releases it. Like `tryAdvisoryXactLock`,
 * on one of Prisma's pooled connections in a transaction that stays open for the run (`timeoutMs` bounds both the
 * wait and the run); `work` uses other connections.
 */
export async function withScheduleLock<T>(prisma: PrismaClient, scheduleId: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${scheduleLockClass}::int4, hashtext(${scheduleId}))`;
      return work();
    },
    { timeout: timeoutMs, maxWait: 5000 },
  );
}
