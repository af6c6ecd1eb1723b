/** Schedules checked as submissions are (the same size limit, 413 at the edge), and a name an owner uses only once. */
import { limits } from "@jobline/contract";
import { InvalidInputError, NotFoundError, StateConflictError } from "../../src/errors";
import { addSchedule, changeSchedule } from "../../src/schedules/schedule-changes";
import { startEngineHarness, type EngineHarness } from "../support/engine-harness";

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness();
});
afterAll(() => h.close());

const deps = () => ({ ...h.deps, logger: { warn: () => undefined } });
const nightly = (extra: object = {}) => ({
  name: "nightly",
  type: "demo.echo",
  payload: {},
  cron: "0 2 * * *",
  timezone: "UTC",
  priority: 0,
  metadata: {},
  overlap: "allow" as const,
  paused: false,
  ...extra,
});

test("a payload past the size limit is invalid input flagged too large, on create and on change", async () => {
  const owner = await h.ownerActor();
  const blob = { blob: "x".repeat(limits.maxPayloadBytes) };

  await expect(addSchedule(deps(), owner.ownerId, nightly({ payload: blob }))).rejects.toMatchObject({
    tooLarge: true,
    issues: [{ path: "payload" }],
  });
  const created = await addSchedule(deps(), owner.ownerId, nightly());
  const change = changeSchedule(deps(), { kind: "owner", ownerId: owner.ownerId }, created.id, { payload: blob });
  await expect(change).rejects.toThrow(InvalidInputError);
  await expect(change).rejects.toMatchObject({ tooLarge: true });
});

test("a name the owner already uses is a state conflict; another owner may use it", async () => {
  const owner = await h.ownerActor();
  const other = await h.ownerActor();
  await addSchedule(deps(), owner.ownerId, nightly());

  await expect(addSchedule(deps(), owner.ownerId, nightly())).rejects.toThrow(StateConflictError);
  await expect(addSchedule(deps(), other.ownerId, nightly())).resolves.toMatchObject({ name: "nightly" });
});

test("another owner's schedule is not found", async () => {
  const owner = await h.ownerActor();
  const created = await addSchedule(deps(), owner.ownerId, nightly({ name: "mine" }));

  await expect(
    changeSchedule(deps(), { kind: "owner", ownerId: (await h.ownerActor()).ownerId }, created.id, { priority: 5 }),
  ).rejects.toThrow(NotFoundError);
});
