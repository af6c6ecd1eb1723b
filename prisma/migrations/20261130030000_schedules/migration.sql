-- Schedules: recurring jobs. The row is the truth; BullMQ's job scheduler (named by the row's id) only drives the
-- timing, and is installed again from the row when Redis loses it.
CREATE TYPE "schedule_overlap" AS ENUM ('allow', 'skip');

-- CreateTable
CREATE TABLE "schedules" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "cron" TEXT,
    "every_ms" INTEGER,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "overlap" "schedule_overlap" NOT NULL DEFAULT 'allow',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "next_run_at" TIMESTAMPTZ(3),
    "last_run_at" TIMESTAMPTZ(3),
    "last_job_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id"),
    -- Exactly one way to say when it runs.
    CONSTRAINT "schedules_cron_or_every" CHECK (("cron" IS NULL) <> ("every_ms" IS NULL))
);

-- CreateIndex
CREATE UNIQUE INDEX "schedules_owner_id_name_key" ON "schedules"("owner_id", "name");

-- CreateIndex
CREATE INDEX "schedules_owner_id_created_at_id_idx" ON "schedules"("owner_id", "created_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A run stays when its schedule is deleted; it only loses the link.
ALTER TABLE "jobs" ADD COLUMN "schedule_id" UUID;

-- CreateIndex: GET /v1/jobs?scheduleId=, newest first. A schedule's runs all belong to its owner, so the owner
-- filter is only a recheck here, and the same index serves admins.
CREATE INDEX "jobs_schedule_id_created_at_id_idx" ON "jobs"("schedule_id", "created_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE SET NULL ON UPDATE CASCADE;
