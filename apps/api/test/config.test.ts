import { rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError } from "@jobline/config";
import { loadConfig } from "../src/config";

const required = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/jobline", REDIS_URL: "redis://127.0.0.1:6379" };

test("finished entries stay in Redis 1 h when completed and 7 days when failed, unless configured", () => {
  expect(loadConfig(required).retention).toEqual({ completedAgeSeconds: 3600, failedAgeSeconds: 604_800 });
  expect(loadConfig({ ...required, RETENTION_COMPLETED_AGE_SECONDS: "60", RETENTION_FAILED_AGE_SECONDS: "0" }).retention).toEqual({
    completedAgeSeconds: 60,
    failedAgeSeconds: 0,
  });
});

test("a negative or fractional retention age is refused, naming the variable", () => {
  expect(() => loadConfig({ ...required, RETENTION_COMPLETED_AGE_SECONDS: "-1", RETENTION_FAILED_AGE_SECONDS: "1.5" })).toThrow(
    ConfigError,
  );
  expect(() => loadConfig({ ...required, RETENTION_COMPLETED_AGE_SECONDS: "-1" })).toThrow(/RETENTION_COMPLETED_AGE_SECONDS/);
});

test("QUEUE_PREFIX takes what the worker takes, a Redis Cluster hash tag included, and nothing else", () => {
  expect(loadConfig({ ...required, QUEUE_PREFIX: "{jobline}" }).queuePrefix).toBe("{jobline}");
  expect(() => loadConfig({ ...required, QUEUE_PREFIX: "job line" })).toThrow(/QUEUE_PREFIX/);
});

test("an open stream's token is checked again as often as a token is cached, unless configured; a stream lasts an hour", () => {
  expect(loadConfig(required).events).toMatchObject({ tokenRecheckMs: 5000, maxStreamMs: 3_600_000 });
  expect(loadConfig({ ...required, TOKEN_CACHE_MS: "0" }).events.tokenRecheckMs).toBe(100);
  expect(loadConfig({ ...required, EVENTS_TOKEN_RECHECK_MS: "1000", EVENTS_MAX_STREAM_SECONDS: "60" }).events).toMatchObject({
    tokenRecheckMs: 1000,
    maxStreamMs: 60_000,
  });
});

test("slow clients are cut after 30 s for a request and 10 s for its head, unless configured; the head never outlasts the request", () => {
  expect(loadConfig(required).http).toEqual({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5000 });
  expect(() => loadConfig({ ...required, HTTP_REQUEST_TIMEOUT_MS: "5000" })).toThrow(/HTTP_HEADERS_TIMEOUT_MS/);
});

test("TRUST_PROXY is off unless set; it takes a number of hops or proxy addresses, never every proxy", () => {
  expect(loadConfig(required).trustProxy).toBe(false);
  expect(loadConfig({ ...required, TRUST_PROXY: "1" }).trustProxy).toBe(1);
  expect(loadConfig({ ...required, TRUST_PROXY: "loopback, 10.0.0.0/8, fd00::1" }).trustProxy).toEqual([
    "loopback",
    "10.0.0.0/8",
    "fd00::1",
  ]);
  expect(() => loadConfig({ ...required, TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY.*every proxy/s);
  expect(() => loadConfig({ ...required, TRUST_PROXY: "10.0.0.0/33" })).toThrow(/TRUST_PROXY/);
});

test("an owner may have 100 schedules and 100,000 unfinished jobs, unless configured", () => {
  expect(loadConfig(required).limits).toMatchObject({ maxSchedules: 100, maxUnfinishedJobs: 100_000 });
  expect(loadConfig({ ...required, MAX_SCHEDULES_PER_OWNER: "0" }).limits.maxSchedules).toBe(0);
  expect(() => loadConfig({ ...required, MAX_SCHEDULES_PER_OWNER: "-1" })).toThrow(/MAX_SCHEDULES_PER_OWNER/);
});

describe("Redis over TLS with certificates of the deployment's own", () => {
  const pem = path.join(os.tmpdir(), `jobline-config-test-${process.pid}.pem`);
  const tlsUrl = { ...required, REDIS_URL: "rediss://redis.internal:6380" };
  beforeAll(() => writeFileSync(pem, "-----BEGIN CERTIFICATE-----\n"));
  afterAll(() => rmSync(pem, { force: true }));

  test("the CA and the client certificate are read once, at start, for a rediss:// URL", () => {
    expect(loadConfig(tlsUrl).redisTls).toBeUndefined();
    expect(loadConfig({ ...tlsUrl, REDIS_TLS_CA_FILE: pem, REDIS_TLS_CERT_FILE: pem, REDIS_TLS_KEY_FILE: pem }).redisTls).toEqual({
      ca: "-----BEGIN CERTIFICATE-----\n",
      cert: "-----BEGIN CERTIFICATE-----\n",
      key: "-----BEGIN CERTIFICATE-----\n",
    });
  });

  test("a file that cannot be read is a configuration error naming it", () => {
    expect(() => loadConfig({ ...tlsUrl, REDIS_TLS_CA_FILE: "/nonexistent/ca.pem" })).toThrow(
      /REDIS_TLS_CA_FILE.*cannot read \/nonexistent\/ca.pem: ENOENT/,
    );
  });

  test("certificates with a plain redis:// URL, or a certificate without its key, are refused", () => {
    expect(() => loadConfig({ ...required, REDIS_TLS_CA_FILE: pem })).toThrow(/REDIS_TLS_CA_FILE.*need a rediss:\/\/ REDIS_URL/);
    expect(() => loadConfig({ ...tlsUrl, REDIS_TLS_CERT_FILE: pem })).toThrow(/REDIS_TLS_KEY_FILE.*both/);
  });
});
