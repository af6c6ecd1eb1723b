const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` can be a job's id. Queue entries not made by Jobline (a dashboard's "add job") have others. */
export function isJobId(text: string): boolean {
  return uuidPattern.test(text);
}

/**
 * A job id as Postgres returns it. Postgres matches a uuid in any case, but the door pairs each caller with the row
 * returned for it by id, so `ABC…` must be looked up as `abc…`.
 */
export function normalJobId(id: string): string {
  return id.toLowerCase();
}
