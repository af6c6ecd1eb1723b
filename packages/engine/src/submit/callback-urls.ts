/**
 * The submit-time half of the webhook SSRF guard (the worker checks again when it connects): every callback URL's
 * host must resolve in time, and only to public addresses, unless the deployment allows private networks. A request
 * may name only a few distinct hosts, each resolved once; one without callback URLs costs nothing.
 */
import type { ValidatedSubmission, ValidationIssue } from "@jobline/contract";
import { checkCallbackHost, hostOf, maxCallbackHostsPerRequest, refusalMessages } from "@jobline/webhooks";
import { InvalidInputError } from "../errors";

export async function checkCallbackUrls(
  submissions: readonly ValidatedSubmission[],
  pathOf: (index: number) => (string | number)[],
  options: { allowPrivateNetworks: boolean },
): Promise<void> {
  const byHost = new Map<string, number[]>();
  submissions.forEach((submission, index) => {
    if (submission.callbackUrl === undefined) return;
    const host = hostOf(submission.callbackUrl);
    const indexes = byHost.get(host);
    if (indexes) indexes.push(index);
    else byHost.set(host, [index]);
  });
  // Capped whatever the deployment allows, so a client meets the same limit in development as in production.
  if (byHost.size > maxCallbackHostsPerRequest) {
    const firstOver = [...byHost.values()][maxCallbackHostsPerRequest]![0]!;
    throw new InvalidInputError([
      {
        path: [...pathOf(firstOver), "callbackUrl"].join("."),
        message: `a request may name at most ${maxCallbackHostsPerRequest} distinct callback URL hosts; this one names ${byHost.size}`,
      },
    ]);
  }
  if (options.allowPrivateNetworks || byHost.size === 0) return;
  // Lookups beyond the process-wide limit wait their turn inside checkCallbackHost, each within its deadline.
  const refusals = await Promise.all([...byHost.keys()].map(async (host) => [host, await checkCallbackHost(host)] as const));
  const issues: ValidationIssue[] = refusals.flatMap(([host, refusal]) =>
    refusal === null
      ? []
      : byHost
          .get(host)!
          .map((index) => ({ path: [...pathOf(index), "callbackUrl"].join("."), message: `${host} ${refusalMessages[refusal]}` })),
  );
  if (issues.length > 0) throw new InvalidInputError(issues.sort((a, b) => a.path.localeCompare(b.path, "en", { numeric: true })));
}
