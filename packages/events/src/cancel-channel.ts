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
