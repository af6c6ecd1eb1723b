/** Recurring jobs. */
import { CreateScheduleBodySchema, ListSchedulesQuerySchema, PatchScheduleBodySchema, ScheduleResourceSchema } from "@jobline/jobs";
import { common, idParameter, json, jsonSchema, problem, queryParameters, ref, type OpenApiSection } from "../openapi-parts";

export function schedulesSection(): OpenApiSection {
  return {
    schemas: {
      Schedule: jsonSchema(ScheduleResourceSchema),
      CreateScheduleRequest: jsonSchema(CreateScheduleBodySchema, "input"),
      PatchScheduleRequest: jsonSchema(PatchScheduleBodySchema, "input"),
    },
    paths: {
      "/v1/schedules": {
        post: {
          summary: "Create a recurring job: exactly one of `cron` (5 fields, or 6 with seconds) and `everyMs` (scope jobs:write)",
          requestBody: { required: true, content: json(ref("CreateScheduleRequest")) },
          responses: {
            201: { description: "created; `Location` names the schedule. Its scheduler is installed at once, or by the worker's restorer if Redis is away", content: json(ref("Schedule")) },
            ...common,
            409: problem("the owner has a schedule of that name"),
            415: problem("not JSON"),
            422: problem("validation failed (bad cron expression or time zone, payload that fails the type's schema); `errors` lists each path"),
          },
        },
        get: {
          summary: "List schedules, newest first: the owner's own, an admin's every owner's (scope jobs:read)",
          parameters: queryParameters(ListSchedulesQuerySchema),
          responses: { 200: { description: "a page", content: json({ type: "object", properties: { data: { type: "array", items: ref("Schedule") }, nextCursor: { type: ["string", "null"] } } }) }, ...common, 422: problem("bad limit or cursor") },
        },
      },
      "/v1/schedules/{id}": {
        get: { summary: "Read a schedule (scope jobs:read)", parameters: [idParameter], responses: { 200: { description: "the schedule", content: json(ref("Schedule")) }, ...common, 404: problem("unknown, or another owner's") } },
        patch: {
          summary: "Change or pause a schedule; `cron` replaces `everyMs` and the other way round (scope jobs:write)",
          parameters: [idParameter],
          requestBody: { required: true, content: json(ref("PatchScheduleRequest")) },
          responses: { 200: { description: "the schedule as changed", content: json(ref("Schedule")) }, ...common, 404: problem("unknown, or another owner's"), 409: problem("the new name is taken"), 422: problem("validation failed") },
        },
        delete: {
          summary: "Delete a schedule; its runs stay, with `scheduleId` null (scope jobs:write)",
          parameters: [idParameter],
          responses: { 204: { description: "deleted" }, ...common, 404: problem("unknown, or another owner's") },
        },
      },
    },
  };
}
