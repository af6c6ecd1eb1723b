/**
 * A failure's fingerprint: what makes two dead letters "the same problem". It is the job's type, the error's name and
 * its message with the parts that vary between occurrences (quoted values, UUIDs, numbers) replaced by placeholders,
 * hashed into a short identifier an operator can pass around (`GET /v1/jobs?fingerprint=…`).
 *
 * The migration that added fingerprints computed the same thing in SQL for the rows that had failed before; a test
 * holds the two to the same answer, so the patterns are written to mean the same in JavaScript and PostgreSQL.
 */
import { createHash } from "node:crypto";

/** In the order they are replaced: a quoted value may hold ids and numbers; an id holds digits. */
const variableParts: readonly (readonly [RegExp, string])[] = [
  [/"[^"\n]*"/g, "<q>"],
  // An apostrophe inside a word (`can't`) does not open a quote.
  [/(?<![A-Za-z])'[^'\n]*'/g, "<q>"],
  [/`[^`\n]*`/g, "<q>"],
  [/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g, "<id>"],
  [/[0-9]+(\.[0-9]+)?/g, "<n>"],
];

/** The message with its variable parts replaced: what every failure of one fingerprint shares. */
export function normalizeFailureMessage(message: string): string {
  return variableParts.reduce((text, [pattern, placeholder]) => text.replace(pattern, placeholder), message);
}

export interface Failure {
  type: string;
  name: string;
  message: string;
}

/** 32 hex digits (MD5: an identifier, not a secret). */
export function failureFingerprint({ type, name, message }: Failure): string {
  return createHash("md5")
    .update(`${type}\n${name}\n${normalizeFailureMessage(message)}`, "utf8")
    .digest("hex");
}
