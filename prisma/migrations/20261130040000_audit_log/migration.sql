-- The audit log: one row per operator action (re-drives, cancellations by an admin, token and limit changes, actions
-- taken in the dashboard). Rows are only ever appended. The actor is kept as text as well as by id, so an entry still
-- says who acted after their token or owner is gone.
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "actor_api_key_id" UUID,
    "actor_owner_id" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "detail" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_log_created_at_id_idx" ON "audit_log"("created_at" DESC, "id" DESC);
