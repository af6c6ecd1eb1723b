import { listSchedules, toScheduleResource } from "@jobline/db";
import { CreateScheduleBodySchema, ListSchedulesQuerySchema, PatchScheduleBodySchema, toIssues } from "@jobline/contract";
import { Router } from "express";
import type { z } from "zod";
import { ownerIdFilter, ownerScopeOf } from "../../auth/principal";
import { pageOf, positionAfter } from "../keyset-cursor";
import { addSchedule, changeSchedule, findOwnSchedule, removeSchedule, type ScheduleDeps } from "../../schedules/schedule-service";
import { principalOf, requireScope } from "../auth";
import { ValidationError } from "../errors";
import { requireJson } from "../require-json";

function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toIssues(result.error));
  return result.data;
}

/** `/v1/schedules`: owners reach their own schedules, admins everyone's; another owner's schedule answers 404. */
export function scheduleRoutes(deps: ScheduleDeps): Router {
  const router = Router();
  const ownerOf = (res: Parameters<typeof principalOf>[0]) => ownerIdFilter(ownerScopeOf(principalOf(res))) ?? null;

  router.post("/", requireScope("jobs:write"), requireJson, async (req, res) => {
    const row = await addSchedule(deps, principalOf(res).ownerId, parsed(CreateScheduleBodySchema, req.body));
    res.status(201).location(`/v1/schedules/${row.id}`).json(toScheduleResource(row));
  });

  router.get("/", requireScope("jobs:read"), async (req, res) => {
    const query = parsed(ListSchedulesQuerySchema, req.query);
    const rows = await listSchedules(deps.prisma, { ownerId: ownerOf(res), after: positionAfter(query.cursor), limit: query.limit + 1 });
    const { page, nextCursor } = pageOf(rows, query.limit);
    res.json({ data: page.map(toScheduleResource), nextCursor });
  });

  router.get("/:id", requireScope("jobs:read"), async (req, res) => {
    const row = await findOwnSchedule(deps, ownerOf(res), String(req.params.id));
    res.json(toScheduleResource(row));
  });

  router.patch("/:id", requireScope("jobs:write"), requireJson, async (req, res) => {
    const row = await changeSchedule(deps, ownerOf(res), String(req.params.id), parsed(PatchScheduleBodySchema, req.body));
    res.json(toScheduleResource(row));
  });

  router.delete("/:id", requireScope("jobs:write"), async (req, res) => {
    await removeSchedule(deps, ownerOf(res), String(req.params.id));
    res.status(204).end();
  });

  return router;
}
