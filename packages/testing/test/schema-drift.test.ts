/**
 * Guards against drift between prisma/schema.prisma and the hand-written SQL migrations: a freshly
 * migrated database must hold exactly the schema's tables, columns (type, nullability, default),
 * enums, indexes (columns, order, uniqueness, Prisma's default names) and foreign keys.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getDMMF } from "@prisma/internals";
import { createTestDatabase, repoRoot, type TestDatabase } from "../src";
import { expectedSchema, type SchemaShape } from "./schema-shape";
import { withClient } from "./support";

let db: TestDatabase;
let expected: SchemaShape;
let actual: SchemaShape;

beforeAll(async () => {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false"; // getDMMF needs no engine; never let it look for one.
  const datamodel = await readFile(path.join(repoRoot, "prisma/schema.prisma"), "utf8");
  expected = expectedSchema((await getDMMF({ datamodel })).datamodel);
  db = await createTestDatabase();
  actual = await withClient(db.url, readDatabaseShape);
});

afterAll(() => db?.drop());

test("every model is a table and every table a model", () => {
  expect(Object.keys(actual.tables).sort()).toEqual(Object.keys(expected.tables).sort());
});

test("every scalar field is a column of the right type, nullability and default, and nothing more", () => {
  for (const [table, columns] of Object.entries(expected.tables)) {
    expect({ table, columns: actual.tables[table] }).toEqual({ table, columns });
  }
});

test("every enum exists with the same values in the same order", () => {
  expect(actual.enums).toEqual(expected.enums);
});

test("every @id, @unique, @@unique and @@index is an index on the same columns, and nothing more", () => {
  expect(actual.indexes).toEqual(expected.indexes);
});

test("every relation is a foreign key with the schema's delete rule", () => {
  expect(actual.foreignKeys).toEqual(expected.foreignKeys);
});

async function readDatabaseShape(client: import("pg").Client): Promise<SchemaShape> {
  const shape: SchemaShape = { tables: {}, enums: {}, indexes: [], foreignKeys: [] };
  const columns = await client.query(`
    SELECT c.table_name, c.column_name, c.is_nullable = 'YES' AS nullable, c.column_default IS NOT NULL AS has_default,
           format_type(a.atttypid, a.atttypmod) AS type
    FROM information_schema.columns c
    JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
    WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'
    ORDER BY c.table_name, c.column_name`);
  for (const row of columns.rows) {
    (shape.tables[row.table_name] ??= {})[row.column_name] = { type: row.type, nullable: row.nullable, hasDefault: row.has_default };
  }
  const enums = await client.query(`
    SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname`);
  for (const row of enums.rows) shape.enums[row.typname] = row.labels;
  const indexes = await client.query(`
    SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
           array_agg(a.attname::text || CASE WHEN ix.indoption[k.ord - 1] & 1 = 1 THEN ' desc' ELSE '' END ORDER BY k.ord) AS columns
    FROM pg_index ix
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
    GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary`);
  shape.indexes = indexes.rows
    .map((r) => ({
      table: r.table_name,
      name: r.index_name,
      kind: r.is_primary ? "primary" : r.is_unique ? "unique" : "index",
      columns: r.columns,
    }))
    .sort((x, y) => x.name.localeCompare(y.name)) as SchemaShape["indexes"];
  const foreignKeys = await client.query(`
    SELECT con.conname, src.relname AS table_name, dst.relname AS references_table, con.confdeltype,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS references_columns
    FROM pg_constraint con
    JOIN pg_class src ON src.oid = con.conrelid
    JOIN pg_class dst ON dst.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = src.relnamespace
    WHERE con.contype = 'f' AND n.nspname = 'public'`);
  const onDelete: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };
  shape.foreignKeys = foreignKeys.rows
    .map((r) => ({
      name: r.conname,
      table: r.table_name,
      columns: r.columns,
      references: { table: r.references_table, columns: r.references_columns },
      onDelete: onDelete[r.confdeltype] ?? r.confdeltype,
    }))
    .sort((x, y) => x.name.localeCompare(y.name));
  return shape;
}
