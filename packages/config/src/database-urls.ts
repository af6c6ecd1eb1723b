/**
 * What a Postgres URL says about the road to the database. `pgbouncer=true`, the query parameter Prisma's users know,
 * marks a pooler in transaction mode (PgBouncer, most managed Postgres poolers): each transaction may run on another
 * server connection, so nothing may outlive one. `pg` ignores the parameter, so the URL is handed on as given.
 */
const poolerParameter = "pgbouncer";

function poolerFlag(url: string): string | null {
  return URL.canParse(url) ? new URL(url).searchParams.get(poolerParameter) : null;
}

/** Whether `databaseUrl` (already validated) says `pgbouncer=true`. */
export function behindTransactionPooler(databaseUrl: string): boolean {
  return poolerFlag(databaseUrl) === "true";
}

/** For `.refine(...)` on a URL: the flag, when given, is true or false; a typo must not silently mean "direct". */
export const poolerFlagIsBoolean: [(url: string) => boolean, { message: string }] = [
  (url) => [null, "true", "false"].includes(poolerFlag(url)),
  { message: "pgbouncer= must be true or false" },
];

interface MigrationUrls {
  DATABASE_URL: string;
  DIRECT_DATABASE_URL?: string | undefined;
}

/**
 * For `.refine(...)` on the migrations' schema. They hold a session lock across a transaction per migration, which a
 * pooler in transaction mode cannot keep: behind one they need the database's own address.
 */
export const directUrlForMigrations: [(values: MigrationUrls) => boolean, { message: string; path: string[] }] = [
  (values) =>
    values.DIRECT_DATABASE_URL === undefined
      ? !behindTransactionPooler(values.DATABASE_URL)
      : !behindTransactionPooler(values.DIRECT_DATABASE_URL),
  {
    message: "must be set to the database's own address (no pgbouncer=true) when DATABASE_URL goes through a pooler (pgbouncer=true)",
    path: ["DIRECT_DATABASE_URL"],
  },
];

/** Where migrations go: `DIRECT_DATABASE_URL` when set, else `DATABASE_URL`. */
export function migrationsUrl(values: MigrationUrls): string {
  return values.DIRECT_DATABASE_URL ?? values.DATABASE_URL;
}
