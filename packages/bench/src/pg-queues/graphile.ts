/**
 * graphile-worker (pinned 0.18.0) as a reference: its default settings, and its batched mode (`localQueue`, which
 * fetches and locks many jobs a query, with `completeJobBatchDelay`/`failJobBatchDelay` 0, which complete the jobs
 * that finished in the same tick in one statement; https://worker.graphile.org/docs/performance#batching).
 * A completed job is deleted, so what is left in its table is what is not completed yet.
 */
import { Logger, makeWorkerUtils, run, type Runner, type WorkerUtils } from "graphile-worker";
import { Client, Pool } from "pg";
import { echoJob } from "../echo-job";
import type { Library, LibraryKind } from "./library";

const task = "echo";
const schema = "graphile_worker";
/** Errors only: its info lines would flood the bench's console. */
const logger = new Logger(() => (level, message) => {
  if (level === "error") console.error(`graphile-worker: ${message}`);
});

function graphile(what: string, batched: boolean): LibraryKind {
  return {
    what,
    async open(connectionString: string): Promise<Library> {
      // Pools of our own, so a connection the database's drop terminates (a straggler after stop) reports to a
      // listener instead of crashing the run with an unhandled 'error' event.
      const utilsPool = new Pool({ connectionString, max: 4 });
      utilsPool.on("error", () => undefined);
      const utils: WorkerUtils = await makeWorkerUtils({ pgPool: utilsPool, schema, logger });
      await utils.migrate();
      const client = new Client({ connectionString });
      await client.connect();
      let runner: Runner | undefined;
      let pool: Pool | undefined;
      const addJobs = async (count: number): Promise<void> => {
        for (let done = 0; done < count; done += 500) {
          const size = Math.min(500, count - done);
          await utils.addJobs(Array.from({ length: size }, () => ({ identifier: task, payload: echoJob.payload })));
        }
      };
      return {
        addMany: addJobs,
        addOne: async () => void (await utils.addJob(task, echoJob.payload)),
        async startConsumer(concurrency, onHandled) {
          pool = new Pool({ connectionString, max: concurrency + 2 });
          pool.on("error", () => undefined);
          runner = await run({
            pgPool: pool,
            logger,
            noHandleSignals: true,
            taskList: {
              [task]: async (payload) => {
                onHandled();
                return payload as never;
              },
            },
            preset: {
              worker: {
                connectionString,
                schema,
                concurrentJobs: concurrency,
                ...(batched ? { localQueue: { size: 100 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } : {}),
              },
            },
          });
        },
        async unfinished() {
          const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}._private_jobs`);
          return Number(rows[0]!.n);
        },
        async stop() {
          await runner?.stop().catch(() => undefined);
          await pool?.end().catch(() => undefined);
          await utils.release();
          await utilsPool.end().catch(() => undefined);
          await client.end();
        },
      };
    },
  };
}

export const graphileDefault = graphile("graphile-worker 0.18.0, default settings", false);
export const graphileBatched = graphile("graphile-worker 0.18.0, localQueue 100 + batched completion", true);
