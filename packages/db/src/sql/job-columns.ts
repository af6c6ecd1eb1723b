/**
 * The jobs table's columns as the hot statements read them, aliased to the generated client's field names, so a
 * raw row has the same shape as Prisma's `Job` (pg parses jsonb, timestamptz and float8 the same way).
 */

const columns = {
  id: "id",
  ownerId: "owner_id",
  type: "type",
  queue: "queue",
  status: "status",
  payload: "payload",
  priority: "priority",
  progress: "progress",
  result: "result",
  error: "error",
  attempts: "attempts",
  maxAttempts: "max_attempts",
  timeoutMs: "timeout_ms",
  runAt: "run_at",
  idempotencyKey: "idempotency_key",
  callbackUrl: "callback_url",
  metadata: "metadata",
  createdAt: "created_at",
  startedAt: "started_at",
  finishedAt: "finished_at",
  updatedAt: "updated_at",
  scheduleId: "schedule_id",
  requestId: "request_id",
} as const;

export type JobField = keyof typeof columns;

/** `j.owner_id AS "ownerId", …` for a SELECT or RETURNING list; `nulled` fields read as NULL (not worth the bytes). */
export function selectList(alias: string, nulled: readonly JobField[] = []): string {
  return Object.entries(columns)
    .map(([field, column]) => (nulled.includes(field as JobField) ? `NULL AS "${field}"` : `${alias}.${column} AS "${field}"`))
    .join(", ");
}

/**
 * `status = ANY(…)` that Postgres can only check, never scan an index for. The hot statements find their rows by
 * primary key; given an indexable status condition, the planner sometimes ANDs in a bitmap of every queued row from
 * the (status, updated_at) index: measured at 7,500 index entries read per statement during a 30,000-job drain, the
 * largest cost in Postgres. The text comparison leaves it one way in: the key.
 */
export function statusIn(alias: string, statuses: string): string {
  return `${alias}.status::text = ANY(${statuses}::text[])`;
}

/** Each id's row among `rows`, in the order of `ids`; null where the statement returned none (it did not match). */
export function inOrderOf<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): (T | null)[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}
