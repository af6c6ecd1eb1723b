import { Client } from "pg";

/**
 * A `pg` client that sends every statement unnamed, for a process behind a pooler in transaction mode (PgBouncer,
 * most managed Postgres poolers). A named statement is prepared once per server connection and reused by name; behind
 * such a pooler the next transaction may run on another server connection, where the name is unknown (`prepared
 * statement "…" does not exist`) or already taken (`… already exists`). An unnamed one is parsed and run in the same
 * round trip, so it never outlives its transaction.
 */
export class UnnamedStatementClient extends Client {
  override query(...args: unknown[]): never {
    const [config, ...rest] = args;
    const query = Client.prototype.query as (...given: unknown[]) => never;
    return query.call(this, withoutName(config), ...rest);
  }
}

/** The statement without its name; a submittable (a cursor, a stream) is passed on untouched. */
function withoutName(config: unknown): unknown {
  if (typeof config !== "object" || config === null || !("name" in config) || "submit" in config) return config;
  const { name: _name, ...unnamed } = config;
  return unnamed;
}
