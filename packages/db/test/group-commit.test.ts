/** Group commit (group-commit.ts): at once when idle, gathered while a write is in flight, each caller its own answer. */
import { groupCommit, type Outcome } from "../src/group-commit";

interface Gate {
  open(): void;
  opened: Promise<void>;
}

function gate(): Gate {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** A write that records each set and waits for the test to let it finish. */
function recordingWrite() {
  const sets: number[][] = [];
  const gates: Gate[] = [];
  const write = async (items: number[]): Promise<Outcome<number>[]> => {
    sets.push(items);
    const g = gate();
    gates.push(g);
    await g.opened;
    return items.map((item) => (item < 0 ? { ok: false, error: new Error(`bad ${item}`) } : { ok: true, value: item * 10 }));
  };
  return { sets, gates, write };
}

test("a caller is written at once when nothing is in flight", async () => {
  const { sets, gates, write } = recordingWrite();
  const commit = groupCommit(write, { maxBatch: 100 });
  const answer = commit.write(1);
  expect(sets).toEqual([[1]]);
  gates[0]!.open();
  await expect(answer).resolves.toBe(10);
});

test("callers arriving during a write go together in the next one, each with its own outcome", async () => {
  const { sets, gates, write } = recordingWrite();
  const commit = groupCommit(write, { maxBatch: 100 });
  const first = commit.write(1);
  const rest = [2, -3, 4].map((item) =>
    commit.write(item).then(
      (value) => ({ value }),
      (error: Error) => ({ error: error.message }),
    ),
  );
  expect(sets).toEqual([[1]]);
  gates[0]!.open();
  await first;
  await new Promise(setImmediate);
  expect(sets).toEqual([[1], [2, -3, 4]]);
  gates[1]!.open();
  await expect(Promise.all(rest)).resolves.toEqual([{ value: 20 }, { error: "bad -3" }, { value: 40 }]);
});

test("a set never exceeds maxBatch in size units, and an item with a key already in the set waits for the next", async () => {
  const { sets, gates, write } = recordingWrite();
  const commit = groupCommit(write, { maxBatch: 5, sizeOf: (item) => item, keyOf: (item) => String(item % 2) });
  void commit.write(1);
  const waiting = [2, 1, 3, 4].map((item) => commit.write(item));
  gates[0]!.open();
  await new Promise(setImmediate);
  // 2 and 1 fit (3 units, keys 0 and 1); the second 1 and 3 share key 1 with the set, 4 would pass maxBatch.
  expect(sets[1]).toEqual([2, 1]);
  gates[1]!.open();
  await new Promise(setImmediate);
  expect(sets[2]).toEqual([3]);
  gates[2]!.open();
  await new Promise(setImmediate);
  expect(sets[3]).toEqual([4]);
  gates[3]!.open();
  await expect(Promise.all(waiting)).resolves.toEqual([20, 10, 30, 40]);
});

test("an item larger than maxBatch still goes, alone", async () => {
  const { sets, gates, write } = recordingWrite();
  const commit = groupCommit(write, { maxBatch: 5, sizeOf: (item) => item });
  const answer = commit.write(9);
  gates[0]!.open();
  await expect(answer).resolves.toBe(90);
  expect(sets).toEqual([[9]]);
});

test("a write that throws rejects every caller of its set, and the next set still runs", async () => {
  let calls = 0;
  const commit = groupCommit<number, number>(
    async (items) => {
      calls += 1;
      if (calls === 1) throw new Error("postgres is down");
      return items.map((item) => ({ ok: true, value: item }));
    },
    { maxBatch: 10 },
  );
  await expect(commit.write(1)).rejects.toThrow("postgres is down");
  await expect(commit.write(2)).resolves.toBe(2);
});

test("with concurrency 2 a second set starts while the first is in flight", async () => {
  const { sets, gates, write } = recordingWrite();
  const commit = groupCommit(write, { maxBatch: 10, concurrency: 2 });
  void commit.write(1);
  void commit.write(2);
  void commit.write(3);
  expect(sets).toEqual([[1], [2]]);
  gates[1]!.open();
  await new Promise(setImmediate);
  expect(sets).toEqual([[1], [2], [3]]);
  gates[0]!.open();
  gates[2]!.open();
});

test("drain waits for what is queued and in flight", async () => {
  const { gates, write } = recordingWrite();
  const commit = groupCommit(write, { maxBatch: 10 });
  void commit.write(1);
  void commit.write(2);
  let drained = false;
  const draining = commit.drain().then(() => (drained = true));
  gates[0]!.open();
  await new Promise(setImmediate);
  expect(drained).toBe(false);
  gates[1]!.open();
  await draining;
  expect(drained).toBe(true);
  await expect(commit.drain()).resolves.toBeUndefined();
});
