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
