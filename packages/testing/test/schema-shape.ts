/**
 * What a PostgreSQL database migrated from prisma/schema.prisma must look like, derived from the DMMF, in
 * the form schema-drift.test.ts reads from the catalogue. Follows what `prisma migrate diff` would emit.
 */
import type { getDMMF } from "@prisma/internals";

type Datamodel = Awaited<ReturnType<typeof getDMMF>>["datamodel"];
type Model = Datamodel["models"][number];
type Field = Model["fields"][number];

export interface ColumnShape {
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}

export interface SchemaShape {
  tables: Record<string, Record<string, ColumnShape>>;
  enums: Record<string, string[]>;
  indexes: { table: string; name: string; kind: "primary" | "unique" | "index"; columns: string[] }[];
  foreignKeys: { name: string; table: string; columns: string[]; references: { table: string; columns: string[] }; onDelete: string }[];
}

/** Prisma's native type attributes (`@db.X(args)`) as `format_type()` prints them. */
const nativeTypes: Record<string, (args: string[]) => string> = {
  Uuid: () => "uuid",
  Text: () => "text",
  VarChar: ([n]) => (n ? `character varying(${n})` : "character varying"),
  Char: ([n]) => `character(${n ?? 1})`,
  Timestamptz: ([p]) => `timestamp(${p ?? 6}) with time zone`,
  Timestamp: ([p]) => `timestamp(${p ?? 6}) without time zone`,
  Date: () => "date",
  Integer: () => "integer",
  SmallInt: () => "smallint",
  BigInt: () => "bigint",
  DoublePrecision: () => "double precision",
  Real: () => "real",
  Decimal: ([p, s]) => (p ? `numeric(${p},${s ?? 0})` : "numeric"),
  JsonB: () => "jsonb",
  Json: () => "json",
  Boolean: () => "boolean",
  ByteA: () => "bytea",
};

/** The column types Prisma picks for each scalar when no `@db.X` is given. */
const defaultTypes: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

/** Defaults Prisma's client fills in; the database has none for them. */
const clientSideDefaults = new Set(["uuid", "cuid", "nanoid", "ulid"]);

function columnType(field: Field, enumDbNames: Map<string, string>): string {
  let base: string | undefined;
  if (field.kind === "enum") base = enumDbNames.get(field.type);
  else if (field.nativeType) {
    const [name, args] = field.nativeType as [string, string[]];
    base = nativeTypes[name]?.(args);
    if (!base) throw new Error(`schema-shape: teach nativeTypes about @db.${name} (field ${field.name})`);
  } else base = defaultTypes[field.type];
  if (!base) throw new Error(`schema-shape: no column type for ${field.type} (field ${field.name})`);
  return field.isList ? `${base}[]` : base;
}

function hasDatabaseDefault(field: Field): boolean {
  if (field.default === undefined) return false;
  const fn = field.default as { name?: string };
  return !(typeof fn === "object" && fn !== null && !Array.isArray(fn) && clientSideDefaults.has(fn.name ?? ""));
}

export function expectedSchema(datamodel: Datamodel): SchemaShape {
  const enumDbNames = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const models = new Map(datamodel.models.map((m) => [m.name, m]));
  const tableOf = (model: Model) => model.dbName ?? model.name;
  const columnOf = (model: Model, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`schema-shape: ${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  };
  const shape: SchemaShape = { tables: {}, enums: {}, indexes: [], foreignKeys: [] };

  for (const e of datamodel.enums) shape.enums[e.dbName ?? e.name] = e.values.map((v) => v.dbName ?? v.name);

  for (const model of datamodel.models) {
    const columns: Record<string, ColumnShape> = {};
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      columns[field.dbName ?? field.name] = {
        type: columnType(field, enumDbNames),
        // Prisma creates scalar lists as nullable arrays (`TEXT[]`) even though the field is required.
        nullable: field.isList || !field.isRequired,
        hasDefault: hasDatabaseDefault(field),
      };
    }
    shape.tables[tableOf(model)] = columns;

    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = models.get(field.type)!;
      const from = field.relationFromFields.map((f) => columnOf(model, f));
      shape.foreignKeys.push({
        name: `${tableOf(model)}_${from.join("_")}_fkey`,
        table: tableOf(model),
        columns: from,
        references: { table: tableOf(target), columns: (field.relationToFields ?? []).map((f) => columnOf(target, f)) },
        // Prisma's defaults: Restrict for a required relation, SetNull for an optional one.
        onDelete: field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull"),
      });
    }
  }

  for (const index of datamodel.indexes) {
    const model = models.get(index.model)!;
    const table = tableOf(model);
    const columns = index.fields.map((f) => columnOf(model, f.name));
    const kind = index.type === "id" ? "primary" : index.type === "unique" ? "unique" : "index";
    if (index.type === "fulltext") throw new Error("schema-shape: fulltext indexes are not PostgreSQL indexes");
    // Prisma's default names; `map:` overrides them. Prisma would rename an index whose name differs.
    const suffix = { primary: "pkey", unique: `${columns.join("_")}_key`, index: `${columns.join("_")}_idx` }[kind];
    shape.indexes.push({
      table,
      name: index.dbName ?? `${table}_${suffix}`,
      kind,
      columns: index.fields.map((f, i) => (f.sortOrder === "desc" ? `${columns[i]} desc` : columns[i]!)),
    });
  }
  shape.indexes.sort((x, y) => x.name.localeCompare(y.name));
  shape.foreignKeys.sort((x, y) => x.name.localeCompare(y.name));
  return shape;
}
