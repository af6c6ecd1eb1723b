/**
 * Cancelling a job a worker holds is a Redis signal, not Postgres polling: the API publishes the job's id on one channel
 * per deployment, `<prefix>:cancel`, and every worker process subscribes; the one running the job aborts its
 * attempt. Pub/sub is fire-and-forget: a worker that misses the message finishes the attempt, and the row
 * (already `cancelled`) refuses its result, so the job still ends cancelled.
 */
/** What travels on the channel, as JSON. */
export interface CancelMessage {
  jobId: string;
  reason: string;
}

export function cancelChannel(prefix: string): string {
  return `${prefix}:cancel`;
}

/**
 * A cancel also leaves a mark, `<prefix>:cancelled:<jobId>`, written before the entry is withdrawn. A worker that
 * starts a job from its entry alone (without reading the row) checks it first: an entry added just after a cancel
 * (the API's insert and its enqueue straddling it), or taken just before the cancel's message could find it, is then
 * seen as cancelled all the same. Kept a day: an entry that waits longer than that after a cancel that raced its
 * enqueue would run, and its row, already cancelled, would still refuse the outcome (the writes are conditional).
 */
export function cancelMarkKey(prefix: string, jobId: string): string {
  return `${prefix}:cancelled:${jobId}`;
}

export const cancelMarkSeconds = 24 * 3600;

/** Null for anything that is not a message this module wrote. */
export function parseCancelMessage(text: string): CancelMessage | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return null;
    const { jobId, reason } = value as Record<string, unknown>;
    return typeof jobId === "string" && typeof reason === "string" ? { jobId, reason } : null;
  } catch {
    return null;
  }
}
