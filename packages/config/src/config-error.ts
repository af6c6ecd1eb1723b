/**
 * The environment is unusable. Carries every problem at once, so a deployment is fixed in one go rather than one
 * variable per restart; each problem reads `VARIABLE: what is wrong`.
 */
export class ConfigError extends Error {
  override name = "ConfigError";

  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  }
}
