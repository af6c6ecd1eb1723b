/** The compose dev stack cannot be started here (no Docker engine), so it is checked as far as it can be offline. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../src";

const composeFile = path.join(repoRoot, "docker/compose.yml");

function compose(...args: string[]): string {
  return execFileSync("docker-compose", ["-f", composeFile, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

interface Service {
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | null>;
  command?: string[];
  deploy?: { resources?: { reservations?: { devices?: { driver: string; capabilities: string[] }[] } } };
  build?: { context: string; dockerfile: string; target: string };
}

const file = parse(readFileSync(composeFile, "utf8"), { merge: true }) as { services: Record<string, Service> };

test("docker-compose accepts the file, with and without the gpu profile", () => {
  expect(() => compose("config", "-q")).not.toThrow();
  expect(() => compose("--profile", "gpu", "config", "-q")).not.toThrow();
});

test("it defines the whole stack", () => {
  expect(Object.keys(file.services).sort()).toEqual(["api", "migrate", "postgres", "redis", "worker-cpu", "worker-gpu"]);
});

test("the gpu worker is behind the gpu profile and reserves NVIDIA devices; the cpu worker is not", () => {
  const gpu = file.services["worker-gpu"]!;

  expect(gpu.profiles).toEqual(["gpu"]);
  expect(gpu.environment?.WORKER_QUEUES).toBe("gpu");
  expect(gpu.deploy?.resources?.reservations?.devices?.[0]).toMatchObject({ driver: "nvidia", capabilities: ["gpu"] });
  expect(file.services["worker-cpu"]!.profiles).toBeUndefined();
  expect(file.services["worker-cpu"]!.environment?.WORKER_QUEUES).toBe("cpu");
});

test("the api and workers start only after the one-shot migration succeeded", () => {
  for (const name of ["api", "worker-cpu", "worker-gpu"]) {
    expect(file.services[name]!.depends_on?.migrate).toEqual({ condition: "service_completed_successfully" });
  }
});

test("redis runs with a password and append-only persistence", () => {
  const command = file.services.redis!.command!.join(" ");

  expect(command).toContain("--appendonly yes");
  expect(command).toContain("--requirepass");
});

test("every app image is built from this repository's Dockerfile", () => {
  for (const name of ["migrate", "api", "worker-cpu", "worker-gpu"]) {
    expect(file.services[name]!.build).toMatchObject({ context: "..", dockerfile: "docker/Dockerfile" });
  }
});
