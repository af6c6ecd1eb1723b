import { z } from "zod";
import { queryInteger } from "./query-integer";
import { storableText } from "./storable-value";
import { limits } from "./limits";

/**
 * Who acted, by kind: an owner's token (on its own jobs), an admin token, an operator on the dashboard, the token
 * command on the server.
 */
export const auditActorKinds = ["owner", "admin", "dashboard", "cli"] as const;
export type AuditActorKind = (typeof auditActorKinds)[number];

/** One operator action, as `GET /v1/audit` shows it. */
export const AuditEntryResourceSchema = z
  .object({
    id: z.string().describe("Increasing; opaque."),
    actor: z.object({
      kind: z
        .enum(auditActorKinds)
        .describe("`owner` (an owner's token), `admin` (an admin token), `dashboard`, `cli` (the token command)."),
      apiKeyId: z.uuid().nullable().describe("The token that acted; null for the dashboard."),
      ownerId: z.uuid().nullable(),
      label: z.string().describe("Who acted, for people: `key <id>` or `dashboard (<user>)`."),
    }),
    action: z.string().describe("`job.redrive`, `job.cancel`, `token.create`, `token.revoke`, `owner.limits`, `dashboard.*`, …"),
    target: z.string().describe("A job, token or owner id, or a description of a set."),
    count: z.number().int().describe("How many things the action touched."),
    detail: z.unknown().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntryResource = z.infer<typeof AuditEntryResourceSchema>;

export const AuditPageSchema = z
  .object({ data: z.array(AuditEntryResourceSchema), nextCursor: z.string().nullable() })
  .meta({ id: "AuditPage" });

export const ListAuditQuerySchema = z
  .object({
    limit: queryInteger(1, limits.maxListLimit).default(limits.defaultListLimit),
    cursor: z.string().min(1).optional(),
    action: storableText(1, 100).optional().describe("Only this action."),
    actorKind: z.enum(auditActorKinds).optional().describe("Only the entries of actors of this kind; every kind without it."),
  })
  .strict();
