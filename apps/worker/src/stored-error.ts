/** What a handler threw, as an Error (handlers may throw anything), and as the row and the dead letter store it. */
import type { AttemptError } from "@jobline/db";
import { relativeToProjectRoot } from "@jobline/config";

/** Anything thrown, as an Error: handlers may throw strings or plain objects. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const error = new Error(typeof thrown === "string" ? thrown : `non-error thrown: ${safeJson(thrown)}`);
  error.name = "NonErrorThrown";
  return error;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Postgres cannot store NUL in text or jsonb; an error carrying one must still be recorded. */
function storable(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD");
}

/**
 * The error as the row's timeline and the dead letter keep it, its stack's files relative to the project root. The
 * row itself drops the stack (clients never see it).
 */
export function attemptError(error: Error, attempt: number): AttemptError {
  return {
    message: storable(error.message),
    name: storable(error.name),
    attempt,
    stack: error.stack === undefined ? undefined : storable(relativeToProjectRoot(error.stack)),
  };
}
