import { toScheduleResource } from "@jobline/db";
import { CreateScheduleBodySchema, ListSchedulesQuerySchema, PatchScheduleBodySchema } from "@jobline/contract";
import { addSchedule, changeSchedule, findOwnSchedule, listOwnSchedules, removeSchedule, type ScheduleDeps } from "@jobline/engine";
import type { LimitDefaults } from "../../limits/edge-limits";
import { Router } from "express";
import { principalOf, requireScope, scopeOfCaller } from "../auth";
import { parsed } from "../request-shape";
import { requireJson } from "../require-json";

/** `/v1/schedules`: owners reach their own schedules, admins everyone's; another owner's schedule answers 404. */
export function scheduleRoutes(app: Omit<ScheduleDeps, "maxSchedulesPerOwner"> & { limits: { defaults: LimitDefaults } }): Router {
  const deps: ScheduleDeps = { ...app, maxSchedulesPerOwner: app.limits.defaults.maxSchedules };
  const router = Router();

  router.post("/", requireScope("jobs:write"), requireJson, async (req, res) => {
    const row = await addSchedule(deps, principalOf(res).ownerId, parsed(CreateScheduleBodySchema, req.body));
    res.status(201).location(`/v1/schedules/${row.id}`).json(toScheduleResource(row));
  });

  router.get("/", requireScope("jobs:read"), async (req, res) => {
    const page = await listOwnSchedules(deps, scopeOfCaller(res), parsed(ListSchedulesQuerySchema, req.query));
    res.json({ data: page.rows.map(toScheduleResource), nextCursor: page.nextCursor });
  });

  router.get("/:id", requireScope("jobs:read"), async (req, res) => {
    res.json(toScheduleResource(await findOwnSchedule(deps, scopeOfCaller(res), String(req.params.id))));
  });

  router.patch("/:id", requireScope("jobs:write"), requireJson, async (req, res) => {
    const row = await changeSchedule(deps, scopeOfCaller(res), String(req.params.id), parsed(PatchScheduleBodySchema, req.body));
    res.json(toScheduleResource(row));
  });

  router.delete("/:id", requireScope("jobs:write"), async (req, res) => {
    await removeSchedule(deps, scopeOfCaller(res), String(req.params.id));
    res.status(204).end();
  });

  return router;
}
