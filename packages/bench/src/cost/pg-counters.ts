/**
 * What Postgres did for one database over a stretch of a run, read from its cumulative statistics. The server is
 * shared and started without `pg_stat_statements` in `shared_preload_libraries` (enabling it needs a restart), so
 * statements are counted as committed transactions (`pg_stat_database.xact_commit`; each autocommit statement is
 * one), rows as `tup_*`, and index entries estimated from `pg_stat_user_tables`: every inserted row and every
 * update that was not HOT adds one entry to each index of its table. WAL is the server-wide LSN, so it also counts
 * whatever else wrote to the server meanwhile.
 */
import { Client } from "pg";

export interface PgCounters {
  commits: number;
  rowsWritten: number;
  rowsRead: number;
  indexEntries: number;
  walBytes: number;
}

const countersSql = `
  SELECT d.xact_commit::float8 AS commits,
         (d.tup_inserted + d.tup_updated + d.tup_deleted)::float8 AS "rowsWritten",
         (d.tup_returned + d.tup_fetched)::float8 AS "rowsRead",
         coalesce((SELECT sum((t.n_tup_ins + t.n_tup_upd - t.n_tup_hot_upd) *
                              (SELECT count(*) FROM pg_index i WHERE i.indrelid = t.relid))
                   FROM pg_stat_user_tables t), 0)::float8 AS "indexEntries",
         pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8 AS "walBytes"
  FROM pg_stat_database d WHERE d.datname = current_database()`;

/** Backends flush their statistics at most once a second; a snapshot waits that long for the writers' counts. */
const statsFlushMs = 1100;

export async function readCounters(databaseUrl: string): Promise<PgCounters> {
  await new Promise((resolve) => setTimeout(resolve, statsFlushMs));
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // A fresh snapshot, not the one cached for this transaction.
    await client.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await client.query<PgCounters>(countersSql);
    return rows[0]!;
  } finally {
    await client.end();
  }
}

/** (after − before) per 1,000 jobs, for each counter. */
export function perThousandJobs(before: PgCounters, after: PgCounters, jobs: number): PgCounters {
  const per = (key: keyof PgCounters): number => ((after[key] - before[key]) * 1000) / jobs;
  return {
    commits: per("commits"),
    rowsWritten: per("rowsWritten"),
    rowsRead: per("rowsRead"),
    indexEntries: per("indexEntries"),
    walBytes: per("walBytes"),
  };
}
