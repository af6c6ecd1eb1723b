/**
 * The built worker, started on a catalogue that has a type its handlers lack (the half-built pair a watch-mode rebuild
 * left behind), refuses to start and says which type: before it connects to anything (nothing answers at its URLs).
 */
import path from "node:path";
import { killLeakedServices, spawnService } from "@jobline/testing";

jest.setTimeout(60_000);

afterAll(async () => {
  await killLeakedServices();
});

it("exits at start-up, naming the catalogue's type that has no handler", async () => {
  const worker = spawnService("worker", "apps/worker/dist/main.js", {
    DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nothing",
    REDIS_URL: "redis://127.0.0.1:1",
    WORKER_PORT: "0",
    NODE_OPTIONS: `--require ${path.join(__dirname, "../support/newer-catalogue.cjs")}`,
  });
  expect(await worker.exited()).toBe(1);
  expect(worker.stderr()).toContain("the worker's handlers do not match its job catalogue: no handler for text.wordcount");
  expect(worker.output()).not.toContain("worker ready");
});
