-- The dead-letter desk and the search of GET /v1/jobs.
--
-- A failed job's fingerprint (packages/db/src/failure-fingerprint.ts) groups the dead letters; the failed move writes
-- it and a re-drive clears it, so only failed rows carry one.
--
-- Every index on "jobs" is paid by every status change (no status change is a HOT update: status and updated_at are
-- indexed), so the new ones are partial wherever the rows they serve are few: only failed rows have a fingerprint, only
-- rows whose last attempt failed have an error to search, and most jobs carry no metadata. A completed job pays
-- nothing for any of them.
ALTER TABLE "jobs" ADD COLUMN "fingerprint" TEXT;

-- The rows that failed before this migration: the same normalisation in SQL (a test holds it equal to the
-- TypeScript one): quoted values, then UUIDs, then numbers.
UPDATE "jobs" SET "fingerprint" = md5(
  "type" || E'\n' || COALESCE("error"->>'name', '') || E'\n' ||
  regexp_replace(
    regexp_replace(
      regexp_replace(
        regexp_replace(
          regexp_replace(COALESCE("error"->>'message', ''), '"[^"\n]*"', '<q>', 'g'),
          '(?<![A-Za-z])''[^''\n]*''', '<q>', 'g'),
        '`[^`\n]*`', '<q>', 'g'),
      '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', '<id>', 'g'),
    '[0-9]+(\.[0-9]+)?', '<n>', 'g'))
WHERE "status" = 'failed';

-- One group's jobs for their owner, newest first (GET /v1/jobs?fingerprint=).
CREATE INDEX "jobs_owner_id_fingerprint_created_at_id_idx" ON "jobs"("owner_id", "fingerprint", "created_at" DESC, "id" DESC)
  WHERE "fingerprint" IS NOT NULL;

-- The groups and a group's failures in a time range (GET /v1/dead-letters, POST /v1/dead-letters/redrive).
CREATE INDEX "jobs_fingerprint_finished_at_idx" ON "jobs"("fingerprint", "finished_at") WHERE "fingerprint" IS NOT NULL;

-- metadata.<key>=<value>: containment (@>) of the jobs that have metadata at all.
CREATE INDEX "jobs_metadata_idx" ON "jobs" USING GIN ("metadata" jsonb_path_ops) WHERE "metadata" <> '{}'::jsonb;

-- q: text anywhere in the error message (ILIKE '%…%'), through trigrams. An expression index, which Prisma's schema
-- cannot describe: it lives here only.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";
CREATE INDEX "jobs_error_message_trgm_idx" ON "jobs" USING GIN (("error"->>'message') gin_trgm_ops) WHERE "error" IS NOT NULL;
