/**
 * Starts the lean endpoint (lean-server.ts) as a child process against its own fresh database and Redis prefix,
 * like a Jobline stack, and removes all of it afterwards.
 */
import {
  createTestDatabase,
  deleteQueuePrefix,
  spawnService,
  testRedisUrl,
  uniqueQueuePrefix,
  type SpawnedService,
} from "@jobline/testing";
import { Client } from "pg";
import { withCleanup } from "../cleanup";
import { echoJob } from "../echo-job";
import { runHttpLoad, type HttpLoadResult } from "../http-load";
import { notePeakRss } from "../peak-rss";
import { settings } from "../settings";

/** The same columns a job row starts with, and its primary key. */
const table = `CREATE TABLE jobs (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
)`;

export async function withLeanEndpoint<T>(run: (baseUrl: string) => Promise<T>): Promise<T> {
  const database = await createTestDatabase({ migrated: false });
  const prefix = uniqueQueuePrefix();
  let service: SpawnedService | undefined;
  const stop = async (): Promise<void> => {
    if (service) {
      notePeakRss("lean endpoint", service.child.pid);
      await service.stop("SIGTERM", 10_000);
    }
    await deleteQueuePrefix(prefix).catch(() => undefined);
    await database.drop();
  };
  return withCleanup(stop, async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(table).finally(() => client.end());
    service = spawnService("lean", "packages/bench/dist/lean/lean-server.js", {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl,
      QUEUE_PREFIX: prefix,
      PORT: "0",
    });
    const listening = await service.waitForLine(/lean listening/, 30_000);
    const port = (JSON.parse(listening.slice(listening.indexOf("{"))) as { port: number }).port;
    return run(`http://127.0.0.1:${port}`);
  });
}

/** The lean endpoint's figure: POST demo.echo jobs with the same connections and duration as Jobline's submit. */
export function leanSubmitLoad(): Promise<HttpLoadResult> {
  return withLeanEndpoint((baseUrl) =>
    runHttpLoad({
      urls: [`${baseUrl}/jobs`],
      method: "POST",
      body: echoJob,
      connections: settings.http.connections,
      seconds: settings.http.seconds,
    }),
  );
}
