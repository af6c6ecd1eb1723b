/**
 * A private Redis that speaks only TLS, on a free port, with certificates of its own made by openssl: a private CA,
 * the server's certificate for 127.0.0.1 signed by it, and a client certificate the server asks for (Redis's
 * `tls-auth-clients yes`, its default). Nothing is kept on disk beyond the run; `destroy` stops it by its pid.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port";
import { waitFor } from "./spawned-service";

const run = promisify(execFile);

export interface TlsRedisServer {
  /** `rediss://127.0.0.1:<port>`. */
  readonly url: string;
  /** PEM files: the CA, and the client's certificate and key. */
  readonly files: { ca: string; cert: string; key: string };
  destroy(): Promise<void>;
}

/** A key and a certificate for `subject`, signed by the CA in `dir` (or self-signed, for the CA itself). */
async function certificate(dir: string, name: string, subject: string, extensions?: string): Promise<void> {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.crt`);
  await run("openssl", ["genrsa", "-out", key, "2048"]);
  if (!extensions) {
    await run("openssl", ["req", "-x509", "-new", "-key", key, "-sha256", "-days", "2", "-subj", subject, "-out", cert]);
    return;
  }
  const request = path.join(dir, `${name}.csr`);
  const extensionFile = path.join(dir, `${name}.ext`);
  writeFileSync(extensionFile, extensions);
  await run("openssl", ["req", "-new", "-key", key, "-subj", subject, "-out", request]);
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    request,
    "-CA",
    path.join(dir, "ca.crt"),
    "-CAkey",
    path.join(dir, "ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-sha256",
    "-extfile",
    extensionFile,
    "-out",
    cert,
  ]);
}

export async function startTlsRedisServer(): Promise<TlsRedisServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "jobline-redis-tls-"));
  const pidFile = path.join(dir, "redis.pid");
  const port = await freePort();
  const file = (name: string) => path.join(dir, name);
  await certificate(dir, "ca", "/CN=Jobline test CA");
  await certificate(dir, "server", "/CN=127.0.0.1", "subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n");
  await certificate(dir, "client", "/CN=jobline", "extendedKeyUsage = clientAuth\n");
  await run("redis-server", [
    ...["--port", "0", "--tls-port", String(port), "--bind", "127.0.0.1", "--dir", dir],
    ...["--tls-cert-file", file("server.crt"), "--tls-key-file", file("server.key"), "--tls-ca-cert-file", file("ca.crt")],
    ...["--tls-auth-clients", "yes", "--appendonly", "no", "--save", ""],
    ...["--daemonize", "yes", "--pidfile", pidFile, "--logfile", file("redis.log")],
  ]);
  const tlsArgs = ["--tls", "--cacert", file("ca.crt"), "--cert", file("client.crt"), "--key", file("client.key")];
  const pid = await waitFor(
    async () => {
      try {
        const { stdout } = await run("redis-cli", [...tlsArgs, "-h", "127.0.0.1", "-p", String(port), "ping"]);
        return stdout.trim() === "PONG" ? Number(readFileSync(pidFile, "utf8").trim()) : undefined;
      } catch {
        return undefined;
      }
    },
    `redis with TLS on port ${port}`,
    10_000,
  );
  return {
    url: `rediss://127.0.0.1:${port}`,
    files: { ca: file("ca.crt"), cert: file("client.crt"), key: file("client.key") },
    async destroy() {
      try {
        process.kill(pid, "SIGKILL");
        await waitFor(
          async () => {
            try {
              process.kill(pid, 0);
              return undefined;
            } catch {
              return true;
            }
          },
          `redis (pid ${pid}) to exit`,
          10_000,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
