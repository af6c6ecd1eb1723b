/** What every command runs with: the client, where to print, and the options all commands share. */
import type { Jobline } from "@jobline/client";

export interface Terminal {
  write(text: string): void;
  /** Whether this is a terminal a person looks at (progress bars) or a pipe (plain lines). */
  readonly isTTY: boolean;
}

export interface CommandContext {
  /** Created on first use, so that `--help` and usage errors need no token. */
  client(): Jobline;
  stdout: Terminal;
  /** Messages for people; never machine output. */
  stderr: Terminal;
}

export interface Command {
  summary: string;
  help: string;
  run(args: string[], context: CommandContext): Promise<number>;
}
