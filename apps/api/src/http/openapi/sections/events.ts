/** A job's timeline and the live event streams. */
import { EventStreamQuerySchema, JobEventPageSchema, JobEventSchema, JobEventsQuerySchema } from "@jobline/contract";
import { common, idParameter, json, jsonSchema, problem, queryParameters, ref, type OpenApiSection } from "../openapi-parts";

const lastEventIdHeader = {
  name: "Last-Event-ID",
  in: "header",
  required: false,
  description: "Resume a stream after this event (what an EventSource sends when it reconnects); `?lastEventId=` does the same",
  schema: { type: "string", pattern: "^[0-9]{1,19}$" },
};

const eventStream = (description: string) => ({
  description: `${description}. Each event: \`id: <id>\`, \`event: <type>\`, \`data: <Event as JSON>\`; a \`: keep-alive\` comment every 15 s. The server may end it with \`event: end\` (no \`id:\`), \`data: {"reason":"max-lifetime"}\` (resume with Last-Event-ID) or \`{"reason":"token-invalid"}\` (the token was revoked or expired; do not resume with it)`,
  content: { "text/event-stream": { schema: ref("Event") } },
});

export function eventsSection(): OpenApiSection {
  return {
    tag: { name: "events", description: "A job's timeline and live event streams" },
    schemas: {
      Event: jsonSchema(JobEventSchema),
    },
    paths: {
      "/v1/jobs/{id}/events": {
        get: {
          operationId: "listJobEvents",
          summary: "Get a job's events",
          description:
            "Scope jobs:read. The stored timeline as JSON, oldest first, or with `Accept: text/event-stream` a stream that replays, goes live and ends after the terminal event.",
          parameters: [idParameter, lastEventIdHeader, ...queryParameters(JobEventsQuerySchema)],
          responses: {
            200: {
              ...eventStream("the timeline, or the stream"),
              content: { ...json(jsonSchema(JobEventPageSchema)), ...eventStream("").content },
            },
            ...common,
            404: problem("unknown, or another owner's"),
            422: problem("bad limit, cursor or Last-Event-ID"),
          },
        },
      },
      "/v1/events": {
        get: {
          operationId: "streamEvents",
          summary: "Stream the events of every job",
          description: "Scope jobs:read. Every event of the caller's jobs (an admin's: every owner's), for dashboards.",
          parameters: [lastEventIdHeader, ...queryParameters(EventStreamQuerySchema)],
          responses: {
            200: eventStream("live events; resumed with Last-Event-ID, the last hour's stored events after it (at most 1,000) first"),
            ...common,
            422: problem("bad type or Last-Event-ID"),
          },
        },
      },
    },
  };
}
