/** The dead-letter desk: failed jobs grouped by fingerprint, and their re-drive in bulk. */
import { DeadLetterGroupsSchema, ListDeadLettersQuerySchema, RedriveDeadLettersBodySchema, RedriveOutcomeSchema } from "@jobline/contract";
import {
  bodyProblems,
  common,
  json,
  jsonSchema,
  jsonWithExamples,
  problem,
  queryParameters,
  ref,
  type OpenApiSection,
} from "../openapi-parts";

export function deadLettersSection(): OpenApiSection {
  return {
    tag: { name: "dead letters", description: "Failed jobs grouped by cause, and their re-drive in bulk" },
    schemas: {
      DeadLetterGroups: jsonSchema(DeadLetterGroupsSchema),
      RedriveOutcome: jsonSchema(RedriveOutcomeSchema),
    },
    requestBodies: {
      RedriveDeadLetters: {
        required: true,
        content: jsonWithExamples(jsonSchema(RedriveDeadLettersBodySchema, "input"), {
          dryRun: {
            summary: "Which failed reports a re-drive would send back, without sending them",
            value: { type: "report.generate", dryRun: true },
          },
          since: {
            summary: "Re-drive the reports that failed since a moment, at most 100",
            value: { type: "report.generate", since: "2026-12-01T00:00:00.000Z", limit: 100 },
          },
        }),
      },
    },
    paths: {
      "/v1/dead-letters": {
        get: {
          operationId: "listDeadLetters",
          summary: "List dead letters by cause",
          description:
            "Scope admin. Failed jobs of every owner grouped by fingerprint (type, error name, message with quoted values, ids and numbers normalised), largest group first.",
          parameters: queryParameters(ListDeadLettersQuerySchema),
          responses: {
            200: { description: "the groups", content: json(ref("DeadLetterGroups")) },
            ...common,
            422: problem("bad type, time or limit"),
          },
        },
      },
      "/v1/dead-letters/redrive": {
        post: {
          operationId: "redriveDeadLetters",
          summary: "Re-drive dead letters",
          description:
            "Scope admin. Sends the failed jobs the selectors match (all must match; at least one is required) back to their queues, oldest failure first up to `limit`; `dryRun` only says which. Recorded in the audit log.",
          requestBody: { $ref: "#/components/requestBodies/RedriveDeadLetters" },
          responses: {
            200: { description: "what matched and what moved", content: json(ref("RedriveOutcome")) },
            ...common,
            ...bodyProblems,
            422: problem("no selector, or a bad one"),
          },
        },
      },
    },
  };
}
