-- Per-owner limit on schedules. Null follows the deployment's MAX_SCHEDULES_PER_OWNER; a number overrides it for this
-- owner. Checked when a schedule is created, under a lock on the owner's row.
ALTER TABLE "owners" ADD COLUMN "max_schedules" INTEGER;
