-- The X-Request-Id of the request that submitted the job, so the worker's log lines about its attempts carry the
-- same id as the API's line about the request. Null for jobs made by a schedule or submitted before this column.
ALTER TABLE "jobs" ADD COLUMN "request_id" TEXT;
