import { z } from "zod";
import { limits } from "./limits";
import { nulMessage } from "./submit-job";
import { ScopeSchema } from "./scopes";

/** Postgres text cannot hold U+0000. */
const noNul = /^[^\u0000]*$/;

/** Longest lifetime a token may be given when it is created; a token without one never expires. */
export const maxTokenLifetimeDays = 3650;

/** `POST /v1/tokens` (admin): a key for an owner, by name (the owner is created if new). */
export const CreateTokenBodySchema = z
  .object({
    owner: z.string().trim().min(1).max(200).regex(noNul, nulMessage).describe("The owner's name; a new name creates the owner."),
    scopes: z.array(ScopeSchema).min(1).max(3),
    name: z.string().min(1).max(200).regex(noNul, nulMessage).optional().describe("A label for people, e.g. `ci`."),
    expiresAt: z.iso.datetime({ offset: true }).optional().describe("When the token stops working; in the future."),
    expiresInDays: z.number().int().min(1).max(maxTokenLifetimeDays).optional().describe("Or: how many days from now it stops working."),
  })
  .strict()
  .refine((body) => body.expiresAt === undefined || body.expiresInDays === undefined, {
    message: "give expiresAt or expiresInDays, not both",
    path: ["expiresInDays"],
  })
  .meta({ id: "CreateTokenRequest" });

/** A key as the API shows it: never its secret or hash. */
export const TokenResourceSchema = z
  .object({
    id: z.uuid(),
    owner: z.object({ id: z.uuid(), name: z.string() }),
    prefix: z.string().describe("The public part of the token, `jl_<prefix>_…`."),
    name: z.string().nullable(),
    scopes: z.array(ScopeSchema),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Token" });
export type TokenResource = z.infer<typeof TokenResourceSchema>;

/** The answer to a create: the resource and, this once, the token itself. */
export const CreatedTokenSchema = TokenResourceSchema.extend({
  token: z.string().describe("The bearer token. Shown once: only its hash is stored."),
}).meta({ id: "CreatedToken" });

export const TokenPageSchema = z
  .object({ data: z.array(TokenResourceSchema), nextCursor: z.string().nullable() })
  .meta({ id: "TokenPage" });

export const ListTokensQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(limits.maxListLimit).default(limits.defaultListLimit),
    cursor: z.string().min(1).max(200).optional(),
    owner: z.string().min(1).max(200).regex(noNul, nulMessage).optional().describe("Only this owner's tokens (by name)."),
  })
  .strict();
