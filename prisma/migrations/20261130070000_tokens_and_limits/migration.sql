-- Tokens over the API: a key may expire. An expired key is refused like a revoked one; null never expires.
ALTER TABLE "api_keys" ADD COLUMN "expires_at" TIMESTAMPTZ(3);

-- Per-owner limits at the edge. Null follows the deployment's default (RATE_LIMIT_PER_MINUTE,
-- MAX_UNFINISHED_JOBS_PER_OWNER); a number overrides it for this owner.
ALTER TABLE "owners" ADD COLUMN "rate_limit_per_minute" INTEGER;
ALTER TABLE "owners" ADD COLUMN "max_unfinished_jobs" INTEGER;
