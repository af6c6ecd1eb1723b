/**
 * An owner's webhook signing secret: `whsec_` and 32 random bytes in base64url. A rotation keeps the previous secret
 * signing beside the new one for `previousSecretValidMs`, so receivers can switch to the new one without a gap.
 */
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "./generated/prisma/client";

export const previousSecretValidMs = 24 * 60 * 60 * 1000;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export interface OwnerSecrets {
  webhookSecret: string;
  webhookPreviousSecret: string | null;
  webhookSecretRotatedAt: Date | null;
}

/** The secrets a delivery is signed with at `now`: the current one, then the previous one during its overlap. */
export function signingSecrets(owner: OwnerSecrets, now: Date): string[] {
  const rotatedAt = owner.webhookSecretRotatedAt;
  const overlapping =
    owner.webhookPreviousSecret !== null && rotatedAt !== null && now.getTime() - rotatedAt.getTime() < previousSecretValidMs;
  return overlapping ? [owner.webhookSecret, owner.webhookPreviousSecret!] : [owner.webhookSecret];
}

/** The owner's current secret; null for an unknown owner. */
export async function readWebhookSecret(prisma: PrismaClient, ownerId: string): Promise<string | null> {
  const owner = await prisma.owner.findUnique({ where: { id: ownerId }, select: { webhookSecret: true } });
  return owner?.webhookSecret ?? null;
}

/** Replaces the owner's secret with a new one, keeping the old one as the previous; the new secret, or null for an unknown owner. */
export async function rotateWebhookSecret(prisma: PrismaClient, ownerId: string, now: Date): Promise<string | null> {
  const secret = newWebhookSecret();
  // One statement: two rotations at once must not both keep the same "previous" and lose a secret in between.
  const count = await prisma.$executeRaw`
    UPDATE owners SET webhook_previous_secret = webhook_secret, webhook_secret = ${secret}, webhook_secret_rotated_at = ${now}
    WHERE id = ${ownerId}::uuid`;
  return count === 1 ? secret : null;
}
