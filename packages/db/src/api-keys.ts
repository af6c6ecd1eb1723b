/**
 * API keys: bearer tokens `jl_<prefix>_<secret>`. The prefix is public (it names the key in lists and
 * logs); the secret is 32 random bytes. The database keeps only the SHA-256 of the whole token and the
 * prefix, so a leaked table grants nothing; a token is shown once, when it is created.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import { ScopeSchema, type Scope } from "@jobline/contract";
import type { Pool } from "pg";
import type { ApiKey, Owner, PrismaClient } from "./generated/prisma/client";
import { newWebhookSecret } from "./webhook-secrets";

const prefixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const prefixLength = 8;
const secretBytes = 32;
/** 32 bytes are 43 base64url characters; the upper bound only keeps absurd input away from the hash. */
const tokenPattern = /^jl_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43,128})$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The input to `createApiKey` was not acceptable (unknown scope, empty owner name). */
export class ApiKeyInputError extends Error {
  override name = "ApiKeyInputError";
}

/** A key as a request is authorized by it: what it may do and its owner's limits (never the owner's webhook secret). */
export type ActiveApiKey = Pick<ApiKey, "id" | "ownerId" | "name" | "prefix" | "scopes" | "expiresAt"> & {
  owner: Pick<Owner, "id" | "name" | "rateLimitPerMinute" | "maxUnfinishedJobs" | "maxSchedules">;
};

/** A key as lists show it: no hash, and only the owner's id and name (never its webhook secret). */
export type ApiKeySummary = Omit<ApiKey, "tokenHash"> & { owner: Pick<Owner, "id" | "name"> };

/** The hex SHA-256 the database stores for a token. Fast on purpose: tokens are random, not passwords. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The public prefix of a well-formed token, or null for anything that cannot be one of ours. */
export function tokenPrefix(token: string): string | null {
  return tokenPattern.exec(token)?.[1] ?? null;
}

function randomPrefix(): string {
  let prefix = "";
  for (let i = 0; i < prefixLength; i++) prefix += prefixAlphabet[randomInt(prefixAlphabet.length)];
  return prefix;
}

/** Scope names that are not scopes; empty when all are valid. Lets callers (the CLI) list them all at once. */
export function invalidScopes(names: readonly string[]): string[] {
  return names.filter((name) => !ScopeSchema.safeParse(name).success);
}

/** The owner with this name, created with a fresh webhook secret if missing; safe when two callers race. */
export async function ensureOwner(prisma: PrismaClient, name: string): Promise<Owner> {
  await prisma.owner.createMany({
    data: [{ name, webhookSecret: newWebhookSecret() }],
    skipDuplicates: true,
  });
  return prisma.owner.findUniqueOrThrow({ where: { name } });
}

/**
 * Creates a key for `owner` (by name; the owner is created if missing). The token is returned here and
 * nowhere else: only its hash is stored.
 */
export async function createApiKey(
  prisma: PrismaClient,
  input: { owner: string; scopes: readonly Scope[]; name?: string; expiresAt?: Date | null },
): Promise<{ apiKey: ApiKey; owner: Owner; token: string }> {
  const ownerName = input.owner.trim();
  if (ownerName === "") throw new ApiKeyInputError("owner name must not be empty");
  const invalid = invalidScopes(input.scopes);
  if (invalid.length > 0) throw new ApiKeyInputError(`unknown scopes: ${invalid.join(", ")}`);
  if (input.scopes.length === 0) throw new ApiKeyInputError("a key needs at least one scope");

  const owner = await ensureOwner(prisma, ownerName);
  const prefix = randomPrefix();
  const token = `jl_${prefix}_${randomBytes(secretBytes).toString("base64url")}`;
  const apiKey = await prisma.apiKey.create({
    data: {
      ownerId: owner.id,
      name: input.name ?? null,
      prefix,
      tokenHash: hashToken(token),
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { apiKey, owner, token };
}

/** A key past its `expiresAt` is refused like a revoked one. */
export function isExpired(apiKey: Pick<ApiKey, "expiresAt">, now: Date = new Date()): boolean {
  return apiKey.expiresAt !== null && apiKey.expiresAt.getTime() <= now.getTime();
}

/**
 * The unrevoked, unexpired key a token belongs to, with its owner; null for unknown, revoked, expired or malformed
 * tokens. Through the pool rather than Prisma: an API process that only submits and reads never loads Prisma's query
 * compiler (about 30 MB of memory outside the JavaScript heap).
 */
export async function findActiveApiKey(pool: Pool, token: string, now: Date = new Date()): Promise<ActiveApiKey | null> {
  // Anything that cannot be one of our tokens is turned away before it costs a query.
  if (tokenPrefix(token) === null) return null;
  const { rows } = await pool.query<ActiveApiKey & { revokedAt: Date | null }>({
    name: "jobline.find-api-key",
    text: `SELECT k.id, k.owner_id AS "ownerId", k.name, k.prefix, k.scopes, k.expires_at AS "expiresAt", k.revoked_at AS "revokedAt",
             json_build_object('id', o.id, 'name', o.name, 'rateLimitPerMinute', o.rate_limit_per_minute,
               'maxUnfinishedJobs', o.max_unfinished_jobs, 'maxSchedules', o.max_schedules) AS owner
           FROM api_keys k JOIN owners o ON o.id = k.owner_id WHERE k.token_hash = $1`,
    values: [hashToken(token)],
  });
  const found = rows[0];
  if (!found || found.revokedAt !== null || isExpired(found, now)) return null;
  const { revokedAt: _revokedAt, ...apiKey } = found;
  return apiKey;
}

const summary = { omit: { tokenHash: true }, include: { owner: { select: { id: true, name: true } } } } as const;

/** Every key (of one owner, if named), oldest first, revoked ones included; hashes are left out. */
export async function listApiKeys(prisma: PrismaClient, filter: { owner?: string } = {}): Promise<ApiKeySummary[]> {
  return prisma.apiKey.findMany({
    where: filter.owner === undefined ? {} : { owner: { name: filter.owner } },
    ...summary,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** Position after the last key of a page: (createdAt, id), newest first. */
export interface ApiKeyCursor {
  createdAt: Date;
  id: string;
}

/** Up to `limit` keys (of one owner, if named) after `after`, newest first, revoked and expired ones included. */
export async function readApiKeyPage(
  prisma: PrismaClient,
  query: { limit: number; owner?: string; after?: ApiKeyCursor },
): Promise<ApiKeySummary[]> {
  const { after } = query;
  return prisma.apiKey.findMany({
    where: {
      ...(query.owner === undefined ? {} : { owner: { name: query.owner } }),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    ...summary,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
  });
}

/** One key without its hash, or null; an id that is not a uuid is simply not found. */
export async function findApiKey(prisma: PrismaClient, id: string): Promise<ApiKeySummary | null> {
  if (!uuidPattern.test(id)) return null;
  return prisma.apiKey.findUnique({ where: { id }, ...summary });
}

/**
 * Revokes a key. True when the key exists (revoking twice keeps the first time), false when it does not.
 * The API may keep honouring a verified token for its cache window (a few seconds) after this.
 */
export async function revokeApiKey(prisma: PrismaClient, id: string): Promise<boolean> {
  // Not a uuid cannot be a key; asking Postgres would only raise a cast error.
  if (!uuidPattern.test(id)) return false;
  const { count } = await prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 1) return true;
  return (await prisma.apiKey.count({ where: { id } })) === 1;
}
