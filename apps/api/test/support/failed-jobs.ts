/** Jobs that failed, made without a worker: submitted through the API, then started and failed through the door. */
import { failureFingerprint } from "@jobline/db";
import request from "supertest";
import type { ApiHarness } from "./api-harness";

export interface Failure {
  message: string;
  name?: string;
  type?: "demo.sleep" | "demo.gpu-echo";
  metadata?: Record<string, string | number | boolean | null>;
}

export async function failedJob(
  h: ApiHarness,
  token: string,
  { message, name = "Error", type = "demo.sleep", metadata }: Failure,
): Promise<string> {
  const payload = type === "demo.sleep" ? { ms: 1 } : {};
  const submitted = await request(h.app).post("/v1/jobs").set("Authorization", `Bearer ${token}`).send({ type, payload, metadata });
  if (submitted.status !== 202) throw new Error(`submit answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  const jobId = submitted.body.id as string;
  await h.door.transition({ jobId }, { to: "running" });
  const fingerprint = failureFingerprint({ type, name, message });
  if (!(await h.door.transition({ jobId }, { to: "failed", attempt: 1, error: { name, message, attempt: 1 }, fingerprint }))) {
    throw new Error(`job ${jobId} did not fail`);
  }
  return jobId;
}

/** Letters only, so the normalisation leaves it as it is: makes one test's failures its own group. */
export function uniqueWord(): string {
  return Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");
}
