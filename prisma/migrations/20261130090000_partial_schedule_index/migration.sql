-- Only a schedule's runs carry a schedule id: the index that lists them need not hold an entry for every other job,
-- which every insert and every status change of a job paid for (measured on the batch submit: p50 137 vs 103 ms).
DROP INDEX "jobs_schedule_id_created_at_id_idx";
CREATE INDEX "jobs_schedule_id_created_at_id_idx" ON "jobs"("schedule_id", "created_at" DESC, "id" DESC) WHERE "schedule_id" IS NOT NULL;
