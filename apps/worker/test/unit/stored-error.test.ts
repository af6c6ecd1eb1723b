import { projectRoot } from "@jobline/config";
import { attemptError, toError } from "../../src/stored-error";

test("a NUL in an error's text is replaced, because Postgres cannot store it and the failure must be recorded", () => {
  const error = new Error("bad byte \u0000 here");

  const stored = attemptError(error, 2);

  expect(stored.message).toBe("bad byte \uFFFD here");
  expect(stored.stack).not.toContain("\u0000");
  expect(stored.attempt).toBe(2);
});

test("anything thrown becomes an Error named for what it was", () => {
  expect(toError("plain text").message).toBe("plain text");
  expect(toError({ code: 7 })).toMatchObject({ name: "NonErrorThrown", message: 'non-error thrown: {"code":7}' });
});

test("a stored stack names its files relative to the project root, with no absolute path", () => {
  const error = new Error("where from");

  const stack = attemptError(error, 1).stack!;

  expect(error.stack).toContain(`${projectRoot}/apps/worker/test/unit/stored-error.test.ts`);
  expect(stack).toContain("(apps/worker/test/unit/stored-error.test.ts:");
  expect(stack).not.toContain(projectRoot);
});
