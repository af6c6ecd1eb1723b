import { isJobId, newJobId } from "../src/job-id";

test("a new job id is a UUID version 7 whose first 48 bits are the time in milliseconds", () => {
  const at = Date.UTC(2026, 11, 7, 12, 0, 0, 123);
  const id = newJobId(at);

  expect(isJobId(id)).toBe(true);
  expect(id[14]).toBe("7");
  expect(["8", "9", "a", "b"]).toContain(id[19]);
  expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at);
});

test("ids made later sort after earlier ones, and ids made in the same millisecond differ", () => {
  const earlier = newJobId(1_000);
  const later = newJobId(1_001);
  const same = Array.from({ length: 1000 }, () => newJobId(2_000));

  expect(earlier < later).toBe(true);
  expect(new Set(same).size).toBe(1000);
});
