/** Entry point of `pnpm run token` (apps/api/dist/cli/token.js). See token-cli.ts for the commands. */
import { runTokenCli } from "./token-cli";

runTokenCli(process.argv.slice(2), process.env, { out: (line) => console.log(line), err: (line) => console.error(line) })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
