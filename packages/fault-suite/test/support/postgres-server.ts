/** The private Postgres lives in @jobline/testing, next to the private Redis; this folder's helpers take it from here. */
export { startPostgresServer, type PostgresServer } from "@jobline/testing";
