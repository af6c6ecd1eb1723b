// Prettier: the layout the code already keeps. `pnpm format` writes it; `pnpm format:check` (part of `npm test`) checks it.
/** @type {import("prettier").Config} */
export default {
  // The line length the code was written to.
  printWidth: 140,
  // Prettier's defaults, stated because they are the code's style: double quotes, semicolons, trailing commas
  // wherever the syntax allows them, two-space indents, parentheses around every arrow function's parameters.
  singleQuote: false,
  semi: true,
  trailingComma: "all",
  tabWidth: 2,
  useTabs: false,
  arrowParens: "always",
  endOfLine: "lf",
};
