/** Every `jobline` command, by name. */
import type { Command } from "./command-context";
import { cancel } from "./commands/cancel";
import { get } from "./commands/get";
import { list } from "./commands/list";
import { retry } from "./commands/retry";
import { schedules } from "./commands/schedules";
import { submit } from "./commands/submit";
import { watch } from "./commands/watch";

export const commands: Record<string, Command> = { submit, get, list, watch, cancel, retry, schedules };
