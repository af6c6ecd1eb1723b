/**
 * Ends open streams whose token stopped verifying (revoked, expired): a stream is verified once when it opens and
 * would otherwise deliver for as long as it stays open. Every `everyMs` each distinct token of an open stream is
 * checked once against Postgres, however many streams it holds, and its streams end with `token-invalid`. A check
 * that fails (Postgres unreachable) leaves the streams open: the next one decides.
 */
import type { SseResponse } from "./sse-response";

export interface StreamTokenWatch {
  watch(stream: SseResponse, token: string): void;
}

export function createStreamTokenWatch(options: {
  recheck(token: string): Promise<boolean>;
  everyMs: number;
  onError(error: unknown): void;
}): StreamTokenWatch {
  const streamsByToken = new Map<string, Set<SseResponse>>();
  // A slow Postgres must not pile checks of one token on top of each other.
  const checking = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const checkOne = async (token: string, streams: Set<SseResponse>) => {
    if (await options.recheck(token)) return;
    for (const stream of [...streams]) stream.finish("token-invalid");
  };
  const checkAll = () => {
    for (const [token, streams] of streamsByToken) {
      if (checking.has(token)) continue;
      checking.add(token);
      checkOne(token, streams)
        .catch(options.onError)
        .finally(() => checking.delete(token));
    }
  };

  return {
    watch(stream, token) {
      let streams = streamsByToken.get(token);
      if (!streams) streamsByToken.set(token, (streams = new Set()));
      streams.add(stream);
      timer ??= setInterval(checkAll, options.everyMs);
      stream.onClose(() => {
        streams.delete(stream);
        if (streams.size === 0 && streamsByToken.get(token) === streams) streamsByToken.delete(token);
        if (streamsByToken.size === 0) {
          clearInterval(timer);
          timer = undefined;
        }
      });
    },
  };
}
