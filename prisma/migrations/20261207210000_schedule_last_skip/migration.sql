-- A schedule's fire that made no run says so: when (the fire's due time) and why ("owner-unfinished-jobs-cap": its
-- owner had no room under the cap on unfinished jobs; "previous-run-unfinished": overlap "skip"). Both null until the
-- first skip; kept after later runs, so lastRunAt after lastSkippedAt shows the runs resumed.
ALTER TABLE "schedules" ADD COLUMN "last_skipped_at" TIMESTAMPTZ(3);
ALTER TABLE "schedules" ADD COLUMN "last_skip_reason" TEXT;
