import type { JobDoor } from "@jobline/db";
import { requeueEntry, type RequeueDeps } from "./requeue-entry";

/** Jobs moved per round: the door writes them as one set, then their entries are written together. */
const redriveSetSize = 200;

/**
 * Re-drives many jobs (an operator's, across owners) as `redriveJob` does one, a set at a time. A job that is no
 * longer re-drivable (someone else moved it meanwhile) is skipped. `moved`: the jobs whose rows moved, even when a
 * later step failed (`failure`, say Redis being down: their rows say queued, and the reconciler writes the missing
 * entries).
 */
export async function redriveJobs(
  deps: RequeueDeps & { door: JobDoor },
  ids: readonly string[],
): Promise<{ moved: string[]; failure?: Error }> {
  const moved: string[] = [];
  try {
    for (let start = 0; start < ids.length; start += redriveSetSize) {
      const set = ids.slice(start, start + redriveSetSize);
      const rows = (await Promise.all(set.map((jobId) => deps.door.transition({ jobId }, { to: "queued" })))).filter((row) => row !== null);
      moved.push(...rows.map((row) => row.id));
      await Promise.all(rows.map((row) => requeueEntry(deps, row)));
    }
  } catch (failure) {
    return { moved, failure: failure instanceof Error ? failure : new Error(String(failure)) };
  }
  return { moved };
}
