/**
 * The database-free parts of this package. The tests that need Postgres live in packages/testing/test:
 * they use @jobline/testing, which depends on this package, and a dev-dependency back would be a cycle.
 */
import { createHash } from "node:crypto";
import { hashToken, invalidScopes, tokenPrefix } from "../src/api-keys";
import { migrationChecksum, migrationMatchesChecksum } from "../src/migrate";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

test("hashToken is the hex SHA-256 of the whole token", () => {
  expect(hashToken("jl_abcdefgh_secret")).toBe(sha256("jl_abcdefgh_secret"));
});

test("tokenPrefix accepts only jl_<8 base62>_<43+ base64url>", () => {
  const secret = "A".repeat(42) + "_";
  expect(tokenPrefix(`jl_Ab3dEf9h_${secret}`)).toBe("Ab3dEf9h");
  expect(tokenPrefix(`jl_Ab3dEf9h_-${secret}`)).toBe("Ab3dEf9h"); // base64url may start with - or _
  for (const bad of [
    "",
    `jl_Ab3dEf9_${secret}`,
    `jl_Ab3dEf9h_${secret.slice(1)}`,
    `jl_Ab3dEf9h_${secret}=`,
    `JL_Ab3dEf9h_${secret}`,
    ` jl_Ab3dEf9h_${secret}`,
  ]) {
    expect(tokenPrefix(bad)).toBeNull();
  }
});

test("invalidScopes lists every unknown name", () => {
  expect(invalidScopes(["jobs:read", "admin"])).toEqual([]);
  expect(invalidScopes(["jobs:read", "jobs:delete", "root"])).toEqual(["jobs:delete", "root"]);
});

test("a migration's checksum ignores CRLF, and a recorded raw CRLF hash still matches", () => {
  const lf = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";
  const crlf = lf.replace(/\n/g, "\r\n");
  expect(migrationChecksum(crlf)).toBe(sha256(lf));
  expect(migrationMatchesChecksum(crlf, sha256(crlf))).toBe(true);
  expect(migrationMatchesChecksum(lf, sha256(lf))).toBe(true);
  expect(migrationMatchesChecksum(`${lf}-- edited\n`, sha256(lf))).toBe(false);
});
