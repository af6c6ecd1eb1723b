-- A claim is written in the same statement as its jobs, before their queue entries; `admitted_at` is set once the
-- entries are written. A duplicate request that finds a claim not yet admitted must not answer with jobs that may
-- still be taken back (Redis refusing the first request's entries).
ALTER TABLE "idempotency_keys" ADD COLUMN "admitted_at" TIMESTAMPTZ(3);

-- Every claim before this migration belonged to an admitted request.
UPDATE "idempotency_keys" SET "admitted_at" = "created_at";
