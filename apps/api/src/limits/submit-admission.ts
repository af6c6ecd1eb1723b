/**
 * A submission's two limits in one round trip to Redis: the owner's request rate and its cap on unfinished jobs,
 * counted by one script on the very keys the separate checks use (request-rate.ts, the engine's cap), so a
 * submission and any other request share one rate count, and a submission and a schedule's fire one cap count.
 *
 * Why: on a submission each round trip costs a socket write and a reply to parse, on a path whose every other step is
 * already shared between requests (group commit). The script counts the rate first and, past the rate, leaves the
 * cap alone, as the separate checks did (a request refused for its rate never reached the cap). The cap's decision,
 * with its resync from Postgres, stays the engine's (`reserveCounted`).
 *
 * If the script fails (Redis does not answer), the separate checks answer as they do then: the rate from the
 * in-memory insurance, the cap open.
 */
import type { CapReservation, CountedUnfinishedJobsCap } from "@jobline/engine";
import type { Redis } from "ioredis";
import { rateDecisionOf, type RateDecision, type RequestRate } from "./request-rate";

/** KEYS: the rate's and the cap's counts. ARGV: the rate's window (s) and limit, the jobs, the cap's window (s). */
const admitScript = `
local function count(key, by, seconds)
  redis.call('set', key, 0, 'EX', seconds, 'NX')
  local consumed = redis.call('incrby', key, by)
  local ttl = redis.call('pttl', key)
  if ttl == -1 then
    redis.call('expire', key, seconds)
    ttl = 1000 * seconds
  end
  return {consumed, ttl}
end
local rate = count(KEYS[1], 1, ARGV[1])
if rate[1] > tonumber(ARGV[2]) then return rate end
local cap = count(KEYS[2], ARGV[3], ARGV[4])
return {rate[1], rate[2], cap[1], cap[2]}`;

const commandName = "joblineAdmitSubmission";

type AdmitCommand = (rateKey: string, capKey: string, ...args: number[]) => Promise<number[]>;

/** The owner's limits in force for this submission. */
export interface Admitted {
  ownerId: string;
  rateLimitPerMinute: number;
  maxUnfinishedJobs: number;
  jobs: number;
}

export interface SubmitAdmission {
  /**
   * Counts the request against the owner's rate and, within the rate, its jobs against its cap. `onRate` gets the
   * rate's decision first (it throws to refuse the request); the cap's reservation follows.
   */
  admit(admitted: Admitted, onRate: (decision: RateDecision) => void): Promise<CapReservation>;
}

export function createSubmitAdmission(options: {
  redis: Redis;
  rate: RequestRate;
  cap: CountedUnfinishedJobsCap;
  onRedisError(error: unknown): void;
}): SubmitAdmission {
  const { redis, rate, cap } = options;
  redis.defineCommand(commandName, { numberOfKeys: 2, lua: admitScript });
  const command = (redis as unknown as Record<typeof commandName, AdmitCommand>)[commandName].bind(redis);
  return {
    async admit({ ownerId, rateLimitPerMinute, maxUnfinishedJobs, jobs }, onRate) {
      let counts: number[];
      try {
        counts = await command(rate.keyOf(ownerId), cap.keyOf(ownerId), rate.windowSeconds, rateLimitPerMinute, jobs, cap.windowSeconds);
      } catch (error) {
        options.onRedisError(error);
        onRate(await rate.take(ownerId, rateLimitPerMinute));
        return cap.reserve(ownerId, maxUnfinishedJobs, jobs);
      }
      const [rateCount, rateTtl, capCount, capTtl] = counts;
      onRate(rateDecisionOf(rateLimitPerMinute, rateCount!, rateTtl!));
      return cap.reserveCounted(ownerId, maxUnfinishedJobs, jobs, { count: capCount!, msBeforeNext: capTtl! });
    },
  };
}
