/**
 * Token changes with their audit entries: the API's /v1/tokens and `pnpm run token` both make and revoke keys here,
 * so every change is in the audit log whichever door it came through.
 */
import { createApiKey, findApiKey, revokeApiKey } from "./api-keys";
import { recordAudit, type AuditActor } from "./audit-log";
import type { PrismaClient } from "./generated/prisma/client";

/** Creates a key (see createApiKey) and records `token.create`. */
export async function createApiKeyAudited(
  prisma: PrismaClient,
  actor: AuditActor,
  input: Parameters<typeof createApiKey>[1],
): ReturnType<typeof createApiKey> {
  const created = await createApiKey(prisma, input);
  await recordAudit(prisma, {
    actor,
    action: "token.create",
    target: created.apiKey.id,
    detail: {
      owner: created.owner.name,
      ownerId: created.owner.id,
      scopes: created.apiKey.scopes,
      expiresAt: created.apiKey.expiresAt?.toISOString() ?? null,
    },
  });
  return created;
}

/**
 * Revokes a key and records `token.revoke`. Revoking again keeps the first revocation's time and records nothing
 * new. False when there is no such key.
 */
export async function revokeApiKeyAudited(prisma: PrismaClient, actor: AuditActor, id: string): Promise<boolean> {
  const key = await findApiKey(prisma, id);
  if (!key) return false;
  if (key.revokedAt === null && (await revokeApiKey(prisma, id))) {
    await recordAudit(prisma, { actor, action: "token.revoke", target: id, detail: { owner: key.owner.name, ownerId: key.owner.id } });
  }
  return true;
}
