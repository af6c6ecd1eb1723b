/** A stack's jobs over HTTP, as a client submits, reads and polls them: for the tests that run the built processes. */
import type { JobResource } from "@jobline/contract";
import { waitFor, type Stack } from "@jobline/testing";

export const authOf = (stack: Stack) => ({ authorization: `Bearer ${stack.token}` });

export async function submitTo(stack: Stack, body: unknown): Promise<string> {
  const res = await fetch(`${stack.baseUrl()}/v1/jobs`, {
    method: "POST",
    headers: { ...authOf(stack), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

export async function readFrom(stack: Stack, id: string): Promise<JobResource> {
  const res = await fetch(`${stack.baseUrl()}/v1/jobs/${id}`, { headers: authOf(stack) });
  expect(res.status).toBe(200);
  return (await res.json()) as JobResource;
}

/** The job once `done` says so, read over HTTP as a client polls. */
export function untilJob(stack: Stack, id: string, done: (job: JobResource) => boolean, what: string): Promise<JobResource> {
  return waitFor(async () => {
    const job = await readFrom(stack, id);
    return done(job) && job;
  }, `job ${id} ${what}`);
}

export function cancelIn(stack: Stack, id: string): Promise<Response> {
  return fetch(`${stack.baseUrl()}/v1/jobs/${id}/cancel`, { method: "POST", headers: authOf(stack) });
}
