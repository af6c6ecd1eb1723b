/** What `jobline` exits with: scripts branch on these, so they are part of the command's contract (see `--help`). */
import { JoblineError } from "@jobline/client";
import { UsageError } from "./usage-error";

export const exitCodes = {
  /** Done; for `--wait` and `watch`: the job completed. */
  success: 0,
  /** The job ended failed or cancelled. */
  jobUnsuccessful: 1,
  /** The command line was wrong (or JOBLINE_TOKEN is not set). */
  usage: 2,
  /** The API refused the request (4xx): the message is its problem document's. */
  refused: 3,
  /** No answer: the API is unreachable, answered 5xx, or the wait timed out. */
  unavailable: 4,
} as const;

export const exitCodesHelp = `Exit codes:
  0  success (with --wait and for watch: the job completed)
  1  the job ended failed or cancelled
  2  usage error
  3  the API refused the request (4xx)
  4  the API is unreachable, answered 5xx, or the wait timed out`;

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return exitCodes.usage;
  if (error instanceof JoblineError) return error.status < 500 ? exitCodes.refused : exitCodes.unavailable;
  // NetworkError and WaitTimeoutError; anything unexpected is reported the same way rather than as a job's failure.
  return exitCodes.unavailable;
}
