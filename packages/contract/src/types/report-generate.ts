import { z } from "zod";
import { standardDefaults, type JobTypeDefinition } from "../job-type";

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const measureSummary = z.object({
  count: z.number().int(),
  sum: z.number(),
  mean: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  median: z.number().nullable(),
});

export const reportGenerate = {
  queue: "cpu",
  description:
    "Summarises tabular data: per group (or overall) the count, sum, mean, min, max and median of each measure, " +
    "rendered as a Markdown or CSV document.",
  payload: z
    .object({
      title: z.string().min(1).max(200),
      rows: z.array(z.record(z.string(), cell)).min(1).max(10_000),
      /** Numeric columns to summarise. */
      measures: z.array(z.string().min(1)).min(1).max(20),
      /** A column whose values split the rows into groups. */
      groupBy: z.string().min(1).optional(),
      format: z.enum(["markdown", "csv"]).default("markdown"),
    })
    .strict(),
  result: z.object({
    title: z.string(),
    rowCount: z.number().int(),
    groups: z.array(z.object({ key: z.string(), count: z.number().int(), measures: z.record(z.string(), measureSummary) })),
    format: z.enum(["markdown", "csv"]),
    document: z.string(),
  }),
  defaults: standardDefaults,
  demo: false,
} satisfies JobTypeDefinition;
