/**
 * Redis over TLS (`rediss://`) with certificates of the deployment's own: a private CA to trust the server by, and a
 * client certificate for a Redis that asks for one (`tls-auth-clients yes`, Redis's default once TLS is on). The files
 * are read once, at start, so a missing or unreadable one is a configuration error, not a failure at first connect.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const pemFile = z
  .string()
  .min(1)
  .transform((path, context) => {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      context.addIssue({ code: "custom", message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      return z.NEVER;
    }
  });

export const redisTlsEnv = {
  /** PEM: the CA that signed the server's certificate, trusted besides the system's. */
  REDIS_TLS_CA_FILE: pemFile.optional(),
  /** PEM: the client's certificate and key, both or neither. */
  REDIS_TLS_CERT_FILE: pemFile.optional(),
  REDIS_TLS_KEY_FILE: pemFile.optional(),
};

interface RedisTlsValues {
  REDIS_URL: string;
  REDIS_TLS_CA_FILE?: string | undefined;
  REDIS_TLS_CERT_FILE?: string | undefined;
  REDIS_TLS_KEY_FILE?: string | undefined;
}

/** The PEM contents for the connection's `tls` options; undefined when none is set. */
export interface RedisTls {
  ca?: string;
  cert?: string;
  key?: string;
}

/** For `.refine(...)`: certificates mean nothing to a plain `redis://` connection, and would be silently unused. */
export const redisTlsNeedsRediss: [(values: RedisTlsValues) => boolean, { message: string; path: string[] }] = [
  (values) => values.REDIS_URL.startsWith("rediss://") || redisTlsOf(values) === undefined,
  { message: "the REDIS_TLS_* files need a rediss:// REDIS_URL", path: ["REDIS_TLS_CA_FILE"] },
];

/** For `.refine(...)`: a client certificate without its key (or the other way round) cannot be presented. */
export const redisClientCertInPairs: [(values: RedisTlsValues) => boolean, { message: string; path: string[] }] = [
  (values) => (values.REDIS_TLS_CERT_FILE === undefined) === (values.REDIS_TLS_KEY_FILE === undefined),
  { message: "set both REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE, or neither", path: ["REDIS_TLS_KEY_FILE"] },
];

export function redisTlsOf(values: RedisTlsValues): RedisTls | undefined {
  const tls: RedisTls = {
    ...(values.REDIS_TLS_CA_FILE === undefined ? {} : { ca: values.REDIS_TLS_CA_FILE }),
    ...(values.REDIS_TLS_CERT_FILE === undefined ? {} : { cert: values.REDIS_TLS_CERT_FILE }),
    ...(values.REDIS_TLS_KEY_FILE === undefined ? {} : { key: values.REDIS_TLS_KEY_FILE }),
  };
  return Object.keys(tls).length > 0 ? tls : undefined;
}
