import { z } from "zod";
import { queryInteger } from "./query-integer";
import { limits } from "./limits";
import { InstantTextSchema } from "./storable-instant";
import { storableText } from "./storable-value";
import { ScopeSchema } from "./scopes";

/** Longest lifetime a token may be given when it is created; a token without one never expires. */
export const maxTokenLifetimeDays = 3650;

/** `POST /v1/tokens` (admin): a key for an owner, by name (the owner is created if new). */
export const CreateTokenBodySchema = z
  .object({
    owner: z.string().trim().pipe(storableText(1, 200)).describe("The owner's name; a new name creates the owner."),
    scopes: z.array(ScopeSchema).min(1).max(3),
    name: storableText(1, 200).optional().describe("A label for people, e.g. `ci`."),
    expiresAt: InstantTextSchema.optional().describe("When the token stops working; in the future."),
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
    limit: queryInteger(1, limits.maxListLimit).default(limits.defaultListLimit),
    cursor: z.string().min(1).max(200).optional(),
    owner: storableText(1, 200).optional().describe("Only this owner's tokens (by name)."),
  })
  .strict();
