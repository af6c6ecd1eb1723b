#!/usr/bin/env node
// Dependency-free probes for the shell scripts (they must work with nothing but Node installed):
//   probe.cjs free-port <start> [exclude...]  print the first port from <start> that can be bound
//   probe.cjs pg <postgres-url>               exit 0 when a Postgres server answers there
//   probe.cjs redis <redis-url>               exit 0 when a Redis server answers there
//   probe.cjs http <url> [timeout-ms]         exit 0 when GET <url> answers 200 (as JOBLINE_PROBE_TOKEN when set)
"use strict";
const net = require("node:net");

const [mode, ...args] = process.argv.slice(2);

function canBind(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    // No host: binds the unspecified address (dual-stack), so it collides with any listener on the port.
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** Connects, writes `hello`, resolves with the first bytes the server sends back (or null). */
function exchange(host, port, hello, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (value) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once("error", () => done(null));
    socket.once("connect", () => socket.write(hello));
    socket.once("data", (data) => done(data));
    socket.once("close", () => done(null));
  });
}

function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1", port: Number(u.port || defaultPort) };
}

const probes = {
  async "free-port"(start, ...exclude) {
    const skip = new Set(exclude.map(Number));
    for (let port = Number(start); port < Math.min(Number(start) + 500, 65536); port++) {
      if (!skip.has(port) && (await canBind(port))) {
        console.log(port);
        return true;
      }
    }
    return false;
  },
  async pg(url) {
    // An SSLRequest: any Postgres answers with a single byte, "S" or "N".
    const { host, port } = hostPort(url, 5432);
    const request = Buffer.alloc(8);
    request.writeInt32BE(8, 0);
    request.writeInt32BE(80877103, 4);
    const answer = await exchange(host, port, request);
    return answer !== null && (answer[0] === 0x53 || answer[0] === 0x4e);
  },
  async redis(url) {
    // "+PONG", or "-NOAUTH …" from a server with a password: either way a Redis answered.
    const { host, port } = hostPort(url, 6379);
    const answer = await exchange(host, port, "PING\r\n");
    return answer !== null && /^(\+PONG|-NOAUTH|-ERR)/.test(answer.toString());
  },
  async http(url, timeoutMs = "2000") {
    try {
      // JOBLINE_PROBE_TOKEN: asks as that token (does the API still accept it?), not on the command line where ps shows it.
      const token = process.env.JOBLINE_PROBE_TOKEN;
      const headers = token ? { Authorization: `Bearer ${token}` } : {};
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(Number(timeoutMs)) });
      return response.status === 200;
    } catch {
      return false;
    }
  },
};

const probe = probes[mode];
if (!probe) {
  console.error(`usage: probe.cjs free-port|pg|redis|http …`);
  process.exit(2);
}
// The exit code must never default to 0 because the event loop ran dry before a probe settled.
process.exitCode = 1;
probe(...args).then(
  (ok) => process.exit(ok ? 0 : 1),
  () => process.exit(1),
);
