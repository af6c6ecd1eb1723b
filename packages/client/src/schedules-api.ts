/** `schedules`: recurring jobs (`/v1/schedules`). */
import type { HttpClient } from "./http-client";
import type { JobPayloadInput, JobType, Page, Schedule } from "./job";
import type { Metadata } from "./jobs-api";

interface ScheduleTiming {
  /** A cron expression, or `everyMs`: one of the two. */
  cron?: string;
  everyMs?: number;
  /** IANA name, e.g. `Europe/Berlin`; cron times are read in it. */
  timezone?: string;
}

/** A new schedule, typed by its job `type`. */
export type NewSchedule = {
  [T in JobType]: ScheduleTiming & {
    name: string;
    type: T;
    payload: JobPayloadInput<T>;
    priority?: number;
    metadata?: Metadata;
    /** `skip`: no run while the previous run of this schedule has not finished. */
    overlap?: "allow" | "skip";
    paused?: boolean;
  };
}[JobType];

/** What `update` changes: only the fields given. `cron` replaces `everyMs` and the other way round. */
export interface ScheduleChange extends ScheduleTiming {
  name?: string;
  paused?: boolean;
  payload?: unknown;
  priority?: number;
  metadata?: Metadata;
  overlap?: "allow" | "skip";
}

interface Signal {
  signal?: AbortSignal;
}

export interface SchedulesApi {
  create(schedule: NewSchedule, options?: Signal): Promise<Schedule>;
  /** Every schedule, page after page as you iterate. */
  list(options?: { limit?: number } & Signal): AsyncGenerator<Schedule>;
  listPage(options?: { limit?: number; cursor?: string } & Signal): Promise<Page<Schedule>>;
  get(id: string, options?: Signal): Promise<Schedule>;
  update(id: string, change: ScheduleChange, options?: Signal): Promise<Schedule>;
  pause(id: string, options?: Signal): Promise<Schedule>;
  resume(id: string, options?: Signal): Promise<Schedule>;
  delete(id: string, options?: Signal): Promise<void>;
}

function schedulePath(id: string): string {
  return `v1/schedules/${encodeURIComponent(id)}`;
}

export function createSchedulesApi(http: HttpClient): SchedulesApi {
  const listPage: SchedulesApi["listPage"] = ({ limit, cursor, signal } = {}) =>
    http.json("GET", "v1/schedules", { query: { limit, cursor }, signal });
  const update: SchedulesApi["update"] = (id, change, options = {}) =>
    http.json("PATCH", schedulePath(id), { body: change, signal: options.signal });

  return {
    create: (schedule, options = {}) => http.json("POST", "v1/schedules", { body: schedule, signal: options.signal }),
    async *list(options = {}) {
      let cursor: string | undefined;
      do {
        const page = await listPage({ ...options, cursor });
        yield* page.data;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    listPage,
    get: (id, options = {}) => http.json("GET", schedulePath(id), options),
    update,
    pause: (id, options) => update(id, { paused: true }, options),
    resume: (id, options) => update(id, { paused: false }, options),
    delete: (id, options = {}) => http.json("DELETE", schedulePath(id), options),
  };
}
