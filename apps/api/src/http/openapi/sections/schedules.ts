/** Recurring jobs. */
import { CreateScheduleBodySchema, ListSchedulesQuerySchema, PatchScheduleBodySchema, ScheduleResourceSchema } from "@jobline/contract";
import { reportPayload } from "./jobs";
import {
  bodyProblems,
  common,
  idParameter,
  json,
  jsonSchema,
  jsonWithExamples,
  locationHeader,
  pageOf,
  problem,
  queryParameters,
  ref,
  type OpenApiSection,
} from "../openapi-parts";

export function schedulesSection(): OpenApiSection {
  return {
    tag: { name: "schedules", description: "Recurring jobs" },
    schemas: {
      Schedule: jsonSchema(ScheduleResourceSchema),
      SchedulePage: pageOf(ref("Schedule")),
    },
    requestBodies: {
      CreateSchedule: {
        required: true,
        content: jsonWithExamples(jsonSchema(CreateScheduleBodySchema, "input"), {
          nightly: {
            summary: "A report every night at 2:00 Paris time, skipped while the previous one runs",
            value: {
              name: "nightly-report",
              type: "report.generate",
              payload: reportPayload,
              cron: "0 2 * * *",
              timezone: "Europe/Paris",
              overlap: "skip",
            },
          },
          hourly: {
            summary: "A report every hour",
            value: { name: "hourly-report", type: "report.generate", payload: reportPayload, everyMs: 3_600_000 },
          },
        }),
      },
      PatchSchedule: {
        required: true,
        content: jsonWithExamples(jsonSchema(PatchScheduleBodySchema, "input"), {
          pause: { summary: "Pause it (false resumes it)", value: { paused: true } },
          reschedule: { summary: "Run it at 6:00 instead", value: { cron: "0 6 * * *" } },
        }),
      },
    },
    paths: {
      "/v1/schedules": {
        post: {
          operationId: "createSchedule",
          summary: "Create a schedule",
          description: "Scope jobs:write. A recurring job: exactly one of `cron` (5 fields, or 6 with seconds) and `everyMs`.",
          requestBody: { $ref: "#/components/requestBodies/CreateSchedule" },
          responses: {
            201: {
              description:
                "created; `Location` names the schedule. Its scheduler is installed at once, or by the worker's restorer if Redis is away",
              headers: locationHeader,
              content: json(ref("Schedule")),
            },
            ...common,
            ...bodyProblems,
            409: problem(
              "the owner has a schedule of that name (`/problems/conflict`), or as many schedules as its limit allows (`/problems/too-many-schedules`)",
            ),
            413: problem("the body, or the payload (256 KiB, as a job's), is too large"),
            415: problem("not JSON"),
            422: problem(
              "validation failed (bad cron expression or time zone, payload that fails the type's schema); `errors` lists each path",
            ),
          },
        },
        get: {
          operationId: "listSchedules",
          summary: "List schedules",
          description: "Scope jobs:read. Newest first: the owner's own, an admin's every owner's.",
          parameters: queryParameters(ListSchedulesQuerySchema),
          responses: { 200: { description: "a page", content: json(ref("SchedulePage")) }, ...common, 422: problem("bad limit or cursor") },
        },
      },
      "/v1/schedules/{id}": {
        get: {
          operationId: "getSchedule",
          summary: "Get a schedule",
          description: "Scope jobs:read.",
          parameters: [idParameter],
          responses: {
            200: { description: "the schedule", content: json(ref("Schedule")) },
            ...common,
            404: problem("unknown, or another owner's"),
          },
        },
        patch: {
          operationId: "updateSchedule",
          summary: "Change or pause a schedule",
          description: "Scope jobs:write. `cron` replaces `everyMs` and the other way round.",
          parameters: [idParameter],
          requestBody: { $ref: "#/components/requestBodies/PatchSchedule" },
          responses: {
            200: { description: "the schedule as changed", content: json(ref("Schedule")) },
            ...common,
            ...bodyProblems,
            404: problem("unknown, or another owner's"),
            409: problem("the new name is taken"),
            413: problem("the body, or the payload (256 KiB, as a job's), is too large"),
            422: problem("validation failed"),
          },
        },
        delete: {
          operationId: "deleteSchedule",
          summary: "Delete a schedule",
          description: "Scope jobs:write. Its runs stay, with `scheduleId` null.",
          parameters: [idParameter],
          responses: { 204: { description: "deleted" }, ...common, 404: problem("unknown, or another owner's") },
        },
      },
    },
  };
}
