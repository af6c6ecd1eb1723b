/**
 * pg-boss (pinned 12.38.1) as a reference, in its batched mode: one worker fetching `batchSize` jobs a query and
 * completing them in one statement when the handler returns, re-fetching at once while fetches come back full
 * (`burstWhenBatchFull`). Its default (one job a fetch, then a 2-second poll, per worker) runs half a job a second
 * per worker: not a throughput mode, so not measured. A job stays in its table as `completed`.
 */
import { PgBoss } from "pg-boss";
import { Client } from "pg";
import { echoJob } from "../echo-job";
import type { Library, LibraryKind } from "./library";

const queue = "echo";
const schema = "pgboss";

export const pgBossBatched: LibraryKind = {
  what: "pg-boss 12.38.1, batchSize 10 + burstWhenBatchFull",
  async open(connectionString: string): Promise<Library> {
    const boss = new PgBoss({ connectionString, schema, schedule: false, supervise: false });
    boss.on("error", (error: unknown) => console.error(`pg-boss: ${String(error)}`));
    await boss.start();
    await boss.createQueue(queue);
    const client = new Client({ connectionString });
    await client.connect();
    return {
      async addMany(count) {
        for (let done = 0; done < count; done += 500) {
          await boss.insert(
            queue,
            Array.from({ length: Math.min(500, count - done) }, () => ({ data: echoJob.payload })),
          );
        }
      },
      addOne: async () => void (await boss.send(queue, echoJob.payload)),
      async startConsumer(concurrency, onHandled) {
        await boss.work(queue, { batchSize: concurrency, localConcurrency: 1, burstWhenBatchFull: true }, async (jobs) => {
          for (const _job of jobs) onHandled();
          return jobs.map((job) => job.data);
        });
      },
      async unfinished() {
        const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.job WHERE state <> 'completed'`);
        return Number(rows[0]!.n);
      },
      async stop() {
        await boss.stop({ graceful: false }).catch(() => undefined);
        await client.end();
      },
    };
  },
};
