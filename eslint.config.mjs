// ESLint for Jobline: rules that find bugs, not taste (layout is Prettier's job, `pnpm format`). Each rule says what
// mistake it catches. TypeScript's own checks (`pnpm typecheck`, strict) are not repeated here.
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

/** The API's HTTP edge: the only modules that may speak Express or use the HTTP errors and helpers in `src/http/`. */
const httpEdge = [
  "apps/api/src/http/**",
  "apps/api/src/app.ts",
  "apps/api/src/main.ts",
  // The dashboard: Bull Board's Express adapter, its action routes and the middleware that adjusts what it shows.
  "apps/api/src/board.ts",
  "apps/api/src/board-server.ts",
  "apps/api/src/board-actions.ts",
  "apps/api/src/board-display.ts",
  // The one module under events/ that writes HTTP responses (the SSE framing over an Express Response).
  "apps/api/src/events/sse-response.ts",
];

const tests = ["apps/*/test/**", "packages/*/test/**"];

export default defineConfig(
  {
    ignores: ["**/dist/**", "**/node_modules/**", "**/coverage/**", "packages/db/src/generated/**", ".jobline/**", ".turbo/**"],
  },
  {
    files: ["**/*.{ts,js,cjs,mjs}"],
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "@typescript-eslint": tseslint.plugin },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        // Each file is checked with the tsconfig.json nearest to it (each package's covers src and test); the
        // root files and build scripts that no package owns get the base settings.
        projectService: {
          allowDefaultProject: [
            "prisma.config.ts",
            "prisma/seed.ts",
            ".pnpmfile.cjs",
            "scripts/bundle-package.mjs",
            "packages/client/bundle.mjs",
            "packages/cli/bundle.mjs",
          ],
          defaultProject: "tsconfig.base.json",
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Code that never runs: a statement after return/throw, a loop body that always exits on the first turn.
      "no-unreachable": "error",
      "no-unreachable-loop": "error",
      // A case that falls into the next one without a `// falls through` comment is almost always a missing break.
      "no-fallthrough": "error",
      // `const x` in a case is visible (and in its dead zone) in every other case of the switch.
      "no-case-declarations": "error",
      "no-duplicate-case": "error",
      "no-dupe-else-if": "error",
      // `if (x = y)`; a condition or comparison whose result can never vary (`if ("0")`, `x === []`, `a + b ?? c`).
      "no-cond-assign": "error",
      "no-constant-condition": ["error", { checkLoops: "allExceptWhileTrue" }],
      "no-constant-binary-expression": "error",
      // `x === x`, `x = x`: a typo for another variable.
      "no-self-compare": "error",
      "no-self-assign": "error",
      // "Hello ${name}" in plain quotes prints the placeholder: a template literal was meant.
      "no-template-curly-in-string": "error",
      // A `while (i < n)` whose condition nothing in the loop changes never ends.
      "no-unmodified-loop-condition": "error",
      // `==` coerces ("0" == 0, [] == false); `== null` is kept, the one idiom for "null or undefined".
      eqeqeq: ["error", "always", { null: "ignore" }],
      // A `return` or `throw` in `finally` silently discards the try's result or error.
      "no-unsafe-finally": "error",
      // `(a?.b)()` or `[...a?.b]` throws when the chain short-circuits to undefined.
      "no-unsafe-optional-chaining": "error",
      // An async executor loses its own throws: the promise never rejects.
      "no-async-promise-executor": "error",
      // `.map(x => { x + 1 })` returns undefineds.
      "array-callback-return": "error",
      "no-sparse-arrays": "error",
      "no-empty-pattern": "error",
      "no-compare-neg-zero": "error",
      "no-loss-of-precision": "error",
      "no-unused-private-class-members": "error",
      "no-debugger": "error",
      // Regular expressions that do not match what they look like.
      "no-empty-character-class": "error",
      "no-misleading-character-class": "error",
      "no-useless-backreference": "error",
      // Reassigning a caught error loses it.
      "no-ex-assign": "error",

      // Unused code is dead code (the house rules ban it) and often a forgotten use; `_name` marks a deliberate gap.
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      // A promise nobody awaits or catches: its failure is an unhandled rejection and its order is undefined. `void`
      // marks one that is meant to run on its own.
      "@typescript-eslint/no-floating-promises": "error",
      // A promise where a boolean or a void callback is expected: `if (promise)` is always true; an async listener's
      // rejection goes unhandled.
      "@typescript-eslint/no-misused-promises": "error",
      // `await` of something that is not a promise (or Promise.all over no promise at all): usually a sync function
      // mistaken for an async one. A list mixing promises and plain values is fine for Promise.all.
      "@typescript-eslint/await-thenable": ["error", { allowMixedPromiseArrays: true }],
      // `return promise` inside try/catch leaves its rejection to the caller, past the catch and the finally.
      "@typescript-eslint/return-await": ["error", "error-handling-correctness-only"],
      // Throwing or rejecting with a non-Error loses the stack and breaks `instanceof` error handling. Passing on a
      // value typed any/unknown (a caught error, an abort signal's reason) forwards a rejection rather than making one.
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingAny: true, allowThrowingUnknown: true }],
      // A switch over a union with no default that misses a member: the new member falls through silently.
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      // An `as`/`!` the type already satisfies: when the type changes later, the stale assertion hides it.
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      // `${object}` prints "[object Object]".
      "@typescript-eslint/no-base-to-string": "error",
      // Spreading a string, a promise or a class instance into an object or array rarely does what it seems.
      "@typescript-eslint/no-misused-spread": "error",
      // `.sort()` without a comparer sorts numbers as strings (10 before 9).
      "@typescript-eslint/require-array-sort-compare": ["error", { ignoreStringArrays: true }],
      // `for (i in array)` iterates string keys; `delete array[i]` leaves a hole.
      "@typescript-eslint/no-for-in-array": "error",
      "@typescript-eslint/no-array-delete": "error",
      // `a?.b!` asserts away exactly the undefined the chain can produce.
      "@typescript-eslint/no-non-null-asserted-optional-chain": "error",
      // setTimeout("code"), new Function: eval by another name.
      "@typescript-eslint/no-implied-eval": "error",
      // An interface and a class of one name merge: the class silently claims members it never defines.
      "@typescript-eslint/no-unsafe-declaration-merging": "error",

      // The HTTP edge is the only place that knows about HTTP: operations throw domain errors and take plain values.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["express", "express/*", "@bull-board/express"],
              message: "Only the API's HTTP edge speaks Express (see httpEdge in eslint.config.mjs).",
            },
            {
              regex: "^\\.\\.?/(.*/)?http/",
              message: "Only the API's HTTP edge uses src/http/: throw a domain error (@jobline/engine) and map it there.",
            },
          ],
        },
      ],
    },
  },
  {
    // The edge itself, and tests (which drive the app through Express); the engine never, not even in its tests.
    files: [...httpEdge, ...tests],
    ignores: ["packages/engine/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // Plain JavaScript (jest configs, the scripts' probe, this file): no types to check with, Node's globals.
    files: ["**/*.{js,cjs,mjs}"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
    rules: {
      // Undefined names in JavaScript, which no compiler checks.
      "no-undef": "error",
    },
  },
  {
    files: ["**/*.{js,cjs}"],
    languageOptions: { sourceType: "commonjs" },
  },
);
