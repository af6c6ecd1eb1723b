// esbuild for the packages users install (@jobline/client, @jobline/cli): the workspace packages they import are
// carried inside, from their sources (each declares itself free of side effects, so only what is used is kept); every
// other package stays an import and must be one of the package's `dependencies`, which the build checks.
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { build } from "esbuild";

const packagesDir = path.resolve(import.meta.dirname, "../packages");

/** `@jobline/<name>` is packages/<name>/src/index.ts. */
const workspaceSources = {
  name: "workspace-sources",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@jobline\/[^/]+$/ }, ({ path: id }) => ({
      path: path.join(packagesDir, id.slice("@jobline/".length), "src/index.ts"),
    }));
  },
};

/** The `dependencies` of the package in the working directory: what its tarball's users install with it. */
export function declaredDependencies() {
  return Object.keys(JSON.parse(readFileSync("package.json", "utf8")).dependencies ?? {});
}

export function isAmong(names) {
  return (id) => names.some((name) => id === name || id.startsWith(`${name}/`));
}

/** One bundle of `entry` (esbuild options besides), failing when it imports a package that is not a dependency. */
export async function bundle(options) {
  const { metafile } = await build({
    bundle: true,
    target: "es2023",
    packages: "external",
    plugins: [workspaceSources],
    metafile: true,
    sourcemap: true,
    logLevel: "warning",
    ...options,
  });
  const dependency = isAmong(declaredDependencies());
  const allowed = (id) => dependency(id) || builtinModules.includes(id.replace(/^node:/, ""));
  const imported = Object.values(metafile.outputs).flatMap((output) => output.imports.map((entry) => entry.path));
  const undeclared = imported.filter((id) => !allowed(id));
  if (undeclared.length > 0) throw new Error(`${options.outfile} imports ${undeclared.join(", ")}: not among the dependencies`);
}
