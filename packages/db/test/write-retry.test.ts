import { Prisma } from "../src";
import { retryWhileUnreachable } from "../src/write-retry";

const policy = { maxMs: 1000, firstDelayMs: 1, maxDelayMs: 5 };
/** What Prisma 7 with adapter-pg throws for a query while the server is stopped (observed, see database-unreachable.ts). */
const unreachable = (): Error =>
  new Prisma.PrismaClientKnownRequestError("Can't reach database server", {
    code: "P1001",
    clientVersion: "7",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } } },
  });

it("retries a write while Postgres is unreachable, then returns its value", async () => {
  let calls = 0;
  const write = async (): Promise<string> => {
    calls += 1;
    if (calls < 4) throw unreachable();
    return "written";
  };
  const retries: number[] = [];
  await expect(retryWhileUnreachable(write, { policy, onRetry: (_error, delayMs) => retries.push(delayMs) })).resolves.toBe("written");
  expect(retries).toEqual([1, 2, 4]);
});

it("fails at once on an error that is not about reaching Postgres", async () => {
  let calls = 0;
  const bug = new TypeError("not a connection problem");
  await expect(retryWhileUnreachable(async () => (calls += 1) && Promise.reject(bug), { policy })).rejects.toBe(bug);
  expect(calls).toBe(1);
});

it("gives up with the last error after maxMs, and at once when stopped", async () => {
  const started = Date.now();
  await expect(retryWhileUnreachable(() => Promise.reject(unreachable()), { policy: { ...policy, maxMs: 50 } })).rejects.toMatchObject({
    code: "P1001",
  });
  expect(Date.now() - started).toBeLessThan(1000);
  const stop = new AbortController();
  stop.abort();
  await expect(retryWhileUnreachable(() => Promise.reject(unreachable()), { policy, stop: stop.signal })).rejects.toMatchObject({
    code: "P1001",
  });
});

it("recognises pg's uncoded 'Connection terminated unexpectedly' (a crash mid-query) as unreachable", async () => {
  let calls = 0;
  const write = async (): Promise<number> => {
    calls += 1;
    if (calls === 1) throw new Error("Connection terminated unexpectedly");
    return calls;
  };
  await expect(retryWhileUnreachable(write, { policy })).resolves.toBe(2);
});
