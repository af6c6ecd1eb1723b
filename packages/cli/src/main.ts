#!/usr/bin/env node
/**
 * `jobline`: Jobline from a shell. One command per file under `commands/`; this file reads the environment, picks
 * the command, prints help, and turns what happened into the documented exit code.
 */
import { createJobline, JoblineError, type Jobline } from "@jobline/client";
import type { CommandContext } from "./command-context";
import { commands } from "./commands";
import { environmentHelp, readConfig } from "./config";
import { exitCodeOf, exitCodes, exitCodesHelp } from "./exit-codes";
import { UsageError } from "./usage-error";

const version = "0.1.0";

function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const list = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `Usage: jobline <command> [arguments] [--json] [-h | --help]

Commands:
${list.join("\n")}

Run \`jobline <command> --help\` for a command's arguments. With --json, machine output goes to stdout and
messages to stderr.

${environmentHelp}

${exitCodesHelp}
`;
}

function describe(error: unknown): string {
  if (error instanceof UsageError) return `${error.message} (see --help)`;
  if (error instanceof JoblineError) {
    const fields = error.errors.map((issue) => `\n  ${issue.path || "(body)"}: ${issue.message}`).join("");
    return `${error.title} (${error.status})${error.detail && error.detail !== error.title ? `: ${error.detail}` : ""}${fields}`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function main(argv: string[]): Promise<number> {
  const config = readConfig(process.env, process.cwd());
  if (config.notice) process.stderr.write(`jobline: ${config.notice}\n`);
  let client: Jobline | undefined;
  const context: CommandContext = {
    client() {
      if (!config.token) throw new UsageError("set JOBLINE_TOKEN to an API key");
      client ??= createJobline({ baseUrl: config.url, token: config.token, userAgent: `jobline-cli/${version}` });
      return client;
    },
    stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY === true },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
  };
  const [name, ...args] = argv;
  try {
    if (name === undefined) throw new UsageError("missing the command");
    if (name === "--help" || name === "-h" || name === "help") {
      process.stdout.write(mainHelp());
      return exitCodes.success;
    }
    if (name === "--version") {
      process.stdout.write(`${version}\n`);
      return exitCodes.success;
    }
    const command = commands[name];
    if (!command) throw new UsageError(`unknown command "${name}"`);
    if (args.includes("--help") || args.includes("-h")) {
      process.stdout.write(`${command.help}\n\n${exitCodesHelp}\n`);
      return exitCodes.success;
    }
    return await command.run(args, context);
  } catch (error) {
    process.stderr.write(`jobline: ${describe(error)}\n`);
    if (error instanceof UsageError && name === undefined) process.stderr.write(`\n${mainHelp()}`);
    return exitCodeOf(error);
  }
}

void main(process.argv.slice(2)).then((code) => {
  // exitCode, not exit(): what is still buffered for a pipe gets written first.
  process.exitCode = code;
});
