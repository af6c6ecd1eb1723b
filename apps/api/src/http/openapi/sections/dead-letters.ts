/** The dead-letter desk: failed jobs grouped by fingerprint, and their re-drive in bulk. */
import { DeadLetterGroupsSchema, ListDeadLettersQuerySchema, RedriveDeadLettersBodySchema, RedriveOutcomeSchema } from "@jobline/contract";
import { bodyProblems, common, json, jsonSchema, problem, queryParameters, ref, type OpenApiSection } from "../openapi-parts";

export function deadLettersSection(): OpenApiSection {
  return {
    schemas: {
      DeadLetterGroups: jsonSchema(DeadLetterGroupsSchema),
      RedriveOutcome: jsonSchema(RedriveOutcomeSchema),
    },
    requestBodies: {
      RedriveDeadLetters: { required: true, content: json(jsonSchema(RedriveDeadLettersBodySchema, "input")) },
    },
    paths: {
      "/v1/dead-letters": {
        get: {
          operationId: "listDeadLetters",
          summary:
            "Failed jobs of every owner grouped by fingerprint (type, error name, message with quoted values, ids and numbers normalised), largest group first (scope admin)",
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
          summary:
            "Send the failed jobs the selectors match (all must match; at least one is required) back to their queues, oldest failure first up to `limit`; `dryRun` only says which. Recorded in the audit log (scope admin)",
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
