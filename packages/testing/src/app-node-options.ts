/**
 * The V8 heap limits every API and worker process runs with (docs/architecture.md, "Memory budget"). This is the one
 * definition the stack passes on; the Dockerfile, the root package.json's `start:*` scripts and `npm run dev` cannot
 * import it and repeat it, and `test/app-node-options.test.ts` holds each copy to this one.
 */
export const appNodeOptions = "--max-old-space-size=512 --max-semi-space-size=8";
