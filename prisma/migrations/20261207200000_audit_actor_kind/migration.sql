-- Who acted, by kind, so the operators' actions can be read apart from an owner's own (an owner re-driving its jobs
-- filled the log). Entries written before this take their kind from what they already say.
ALTER TABLE "audit_log" ADD COLUMN "actor_kind" TEXT;
UPDATE "audit_log" AS entry SET "actor_kind" = CASE
  WHEN entry."actor" LIKE 'dashboard (%' THEN 'dashboard'
  WHEN entry."actor" LIKE 'token command (%' THEN 'cli'
  WHEN EXISTS (SELECT 1 FROM "api_keys" AS key WHERE key."id" = entry."actor_api_key_id" AND 'admin' = ANY(key."scopes")) THEN 'admin'
  ELSE 'owner'
END;
ALTER TABLE "audit_log" ALTER COLUMN "actor_kind" SET NOT NULL;
CREATE INDEX "audit_log_actor_kind_created_at_id_idx" ON "audit_log"("actor_kind", "created_at" DESC, "id" DESC);
