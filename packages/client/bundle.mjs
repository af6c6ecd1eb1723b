// The package as users install it: one ESM and one CommonJS file, each with its declarations, with the job catalogue
// and the contract types (@jobline/contract, a workspace package that is not published) carried inside. Runs after
// `tsc` has written the declarations to dist/types.
import { rmSync } from "node:fs";
import { rollup } from "rollup";
import { dts } from "rollup-plugin-dts";
import { bundle, declaredDependencies, isAmong } from "../../scripts/bundle-package.mjs";

// Browser-safe: no Node built-ins are assumed.
const javascript = (format, outfile) => bundle({ entryPoints: ["src/index.ts"], outfile, format, platform: "neutral" });

async function declarations() {
  const types = await rollup({
    input: "dist/types/index.d.ts",
    external: isAmong(declaredDependencies()),
    plugins: [dts({ respectExternal: true })],
  });
  await Promise.all(["dist/index.d.ts", "dist/index.d.mts"].map((file) => types.write({ file, format: "es" })));
  await types.close();
  rmSync("dist/types", { recursive: true });
}

await Promise.all([javascript("esm", "dist/index.mjs"), javascript("cjs", "dist/index.js"), declarations()]);
