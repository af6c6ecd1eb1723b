/**
 * The submit-time half of the webhook SSRF guard (the worker checks again when it connects): every callback URL's
 * host must resolve, and only to public addresses, unless the deployment allows private networks. Each distinct host
 * is resolved once per request; a request without callback URLs costs nothing.
 */
import type { ValidatedSubmission, ValidationIssue } from "@jobline/jobs";
import { checkCallbackHost, hostOf, refusalMessages } from "@jobline/webhooks";
import { ValidationError } from "../http/errors";

export async function checkCallbackUrls(
  submissions: readonly ValidatedSubmission[],
  pathOf: (index: number) => (string | number)[],
  options: { allowPrivateNetworks: boolean },
): Promise<void> {
  if (options.allowPrivateNetworks) return;
  const byHost = new Map<string, number[]>();
  submissions.forEach((submission, index) => {
    if (submission.callbackUrl === undefined) return;
    const host = hostOf(submission.callbackUrl);
    byHost.set(host, [...(byHost.get(host) ?? []), index]);
  });
  if (byHost.size === 0) return;
  const refusals = await Promise.all([...byHost.keys()].map(async (host) => [host, await checkCallbackHost(host)] as const));
  const issues: ValidationIssue[] = refusals.flatMap(([host, refusal]) =>
    refusal === null
      ? []
      : byHost.get(host)!.map((index) => ({ path: [...pathOf(index), "callbackUrl"].join("."), message: `${host} ${refusalMessages[refusal]}` })),
  );
  if (issues.length > 0) throw new ValidationError(issues.sort((a, b) => a.path.localeCompare(b.path, "en", { numeric: true })));
}
