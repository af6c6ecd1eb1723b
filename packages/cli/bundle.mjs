// The `jobline` command as users install it: one CommonJS file, with the client and the shared settings (workspace
// packages that are not published) carried inside.
import { bundle } from "../../scripts/bundle-package.mjs";

await bundle({ entryPoints: ["src/main.ts"], outfile: "dist/main.js", format: "cjs", platform: "node" });
