-- A progress report takes a number from the events' sequence but appends no timeline row (reports can come several
-- times a second). The latest report's number is kept on the job so a resumed event stream can replay it in order
-- among the stored status events.
ALTER TABLE "jobs" ADD COLUMN "progress_seq" BIGINT;
