/**
 * `pnpm run token create|list|revoke`: operators manage API keys. (`run` is needed: a bare `pnpm token` is
 * pnpm's own npm-token command.) Parsing and output live here, apart from the entry point, so that the
 * commands can be driven without a child process.
 */
import { parseArgs } from "node:util";
import { userInfo } from "node:os";
import {
  createApiKeyAudited,
  createPrismaClient,
  invalidScopes,
  listApiKeys,
  revokeApiKeyAudited,
  type AuditActor,
  type PrismaClient,
} from "@jobline/db";
import { maxTokenLifetimeDays, scopes, type Scope } from "@jobline/contract";
import { loadCliConfig } from "./cli-config";
import { formatTable } from "./table";

export const tokenUsage = `usage:
  pnpm run token create --owner <name> --scopes <scope,scope…> [--name <label>] [--expires-in-days <n>]
  pnpm run token list [--owner <name>]
  pnpm run token revoke <id>
scopes: ${scopes.join(", ")}
needs DATABASE_URL; when it is unset, the dev stack's (.jobline/dev/settings.env, written by npm run dev).`;

/** The command line is wrong: the usage is printed and the exit code is 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

type Command =
  | { kind: "create"; owner: string; scopes: Scope[]; name?: string; expiresAt: Date | null }
  | { kind: "list"; owner?: string }
  | { kind: "revoke"; id: string }
  | { kind: "help" };

function parseScopes(list: string): Scope[] {
  const names = list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) throw new UsageError("--scopes needs at least one scope");
  const invalid = invalidScopes(names);
  if (invalid.length > 0) throw new UsageError(`unknown scopes: ${invalid.join(", ")} (known: ${scopes.join(", ")})`);
  return names as Scope[];
}

function expiryIn(days: string | undefined): Date | null {
  if (days === undefined) return null;
  const count = Number(days);
  if (!Number.isInteger(count) || count < 1 || count > maxTokenLifetimeDays)
    throw new UsageError(`--expires-in-days takes a whole number of days, 1..${maxTokenLifetimeDays}`);
  return new Date(Date.now() + count * 24 * 60 * 60 * 1000);
}

function options(args: string[], spec: Record<string, { type: "string" }>, positionals: number) {
  try {
    const parsed = parseArgs({ args, options: spec, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length !== positionals)
      throw new UsageError(`expected ${positionals} argument(s), got ${parsed.positionals.length}`);
    return parsed;
  } catch (error) {
    // parseArgs reports unknown options and missing values as TypeErrors with an ERR_PARSE_ARGS_* code.
    if (error instanceof TypeError && "code" in error) throw new UsageError(error.message);
    throw error;
  }
}

export function parseTokenCommand(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  switch (name) {
    case "create": {
      const { values } = options(
        rest,
        { owner: { type: "string" }, scopes: { type: "string" }, name: { type: "string" }, "expires-in-days": { type: "string" } },
        0,
      );
      if (!values.owner?.trim()) throw new UsageError("create needs --owner <name>");
      if (values.scopes === undefined) throw new UsageError("create needs --scopes <scope,scope…>");
      return {
        kind: "create",
        owner: values.owner.trim(),
        scopes: parseScopes(values.scopes),
        name: values.name,
        expiresAt: expiryIn(values["expires-in-days"]),
      };
    }
    case "list":
      return { kind: "list", owner: options(rest, { owner: { type: "string" } }, 0).values.owner };
    case "revoke":
      return { kind: "revoke", id: options(rest, {}, 1).positionals[0] ?? "" };
    case "help":
    case "--help":
    case "-h":
      return { kind: "help" };
    case undefined:
      throw new UsageError("missing command");
    default:
      throw new UsageError(`unknown command: ${name}`);
  }
}

/** Who acted, in the audit log: the token command run by this machine's user (no key: it needs none). */
function commandLineActor(): AuditActor {
  return { kind: "cli", label: `token command (${userInfo().username})` };
}

async function execute(prisma: PrismaClient, command: Exclude<Command, { kind: "help" }>, io: CliIo): Promise<number> {
  switch (command.kind) {
    case "create": {
      const { apiKey, owner, token } = await createApiKeyAudited(prisma, commandLineActor(), command);
      const expiry = apiKey.expiresAt ? `, expiring ${apiKey.expiresAt.toISOString()}` : "";
      io.out(
        `created api key ${apiKey.id} (prefix ${apiKey.prefix}) for owner "${owner.name}" with scopes ${apiKey.scopes.join(",")}${expiry}`,
      );
      io.out("the token is shown once; store it now:");
      io.out(token); // Alone on the last line, so `| tail -n 1` gives the token.
      return 0;
    }
    case "list": {
      const keys = await listApiKeys(prisma, { owner: command.owner });
      if (keys.length === 0) {
        io.out(command.owner === undefined ? "no api keys" : `no api keys for owner "${command.owner}"`);
        return 0;
      }
      const when = (date: Date | null) => (date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : "-");
      const rows = keys.map((k) => [
        k.id,
        k.owner.name,
        k.prefix,
        k.scopes.join(","),
        when(k.createdAt),
        when(k.expiresAt),
        when(k.revokedAt),
        k.name ?? "",
      ]);
      for (const line of formatTable([["id", "owner", "prefix", "scopes", "created", "expires", "revoked", "name"], ...rows]))
        io.out(line.trimEnd());
      return 0;
    }
    case "revoke":
      if (await revokeApiKeyAudited(prisma, commandLineActor(), command.id)) {
        io.out(`revoked api key ${command.id}`);
        return 0;
      }
      io.err(`token: no api key with id ${command.id}`);
      return 1;
  }
}

/** Runs one command; resolves to the process's exit code (0 done, 1 failed, 2 bad command line). */
export async function runTokenCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let command: Command;
  try {
    command = parseTokenCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`token: ${error.message}`);
    io.err(tokenUsage);
    return 2;
  }
  if (command.kind === "help") {
    io.out(tokenUsage);
    return 0;
  }
  const config = loadCliConfig(env);
  if (config.notice) io.err(`token: ${config.notice}`);
  const prisma = createPrismaClient(config.databaseUrl, { poolSize: 1 });
  try {
    return await execute(prisma, command, io);
  } finally {
    await prisma.$disconnect();
  }
}
