/**
 * What GPUs this machine really has. Nothing is assumed: NVIDIA's `nvidia-smi -L` names the devices when the
 * driver tools are installed; otherwise the device files (`/dev/nvidia0`, …) that the driver (or a container
 * runtime passing GPUs through) creates are counted. No GPU is reported as `available: false`, never faked.
 */
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";

export interface GpuInfo {
  available: boolean;
  devices: string[];
}

export interface GpuProbes {
  /** stdout of `nvidia-smi -L`, or undefined when the tool is missing or fails. */
  nvidiaSmiList(): Promise<string | undefined>;
  /** Names of the entries in /dev. */
  devEntries(): Promise<string[]>;
}

/** `GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-…)` → `NVIDIA A100-SXM4-40GB`, one per GPU line. */
export function parseNvidiaSmiList(stdout: string): string[] {
  return stdout
    .split("\n")
    .map((line) => /^GPU \d+: (.+?)(?: \(UUID: [^)]*\))?\s*$/.exec(line.trim())?.[1])
    .filter((name): name is string => name !== undefined);
}

/** `/dev/nvidia0`, `/dev/nvidia1`… are GPUs; `nvidiactl`, `nvidia-uvm` and friends are control devices. */
export function gpuDeviceFiles(entries: string[]): string[] {
  return entries
    .filter((name) => /^nvidia\d+$/.test(name))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)))
    .map((name) => `/dev/${name}`);
}

export const systemProbes: GpuProbes = {
  nvidiaSmiList: () =>
    new Promise((resolve) => {
      execFile("nvidia-smi", ["-L"], { timeout: 5000 }, (error, stdout) => resolve(error ? undefined : stdout));
    }),
  devEntries: () => readdir("/dev").catch(() => []),
};

export async function probeGpus(probes: GpuProbes): Promise<GpuInfo> {
  const listed = parseNvidiaSmiList((await probes.nvidiaSmiList()) ?? "");
  const devices = listed.length > 0 ? listed : gpuDeviceFiles(await probes.devEntries());
  return { available: devices.length > 0, devices };
}

let detected: Promise<GpuInfo> | undefined;

/** Probed once per process: GPUs do not come and go while a worker runs, and `nvidia-smi` takes a while. */
export function detectGpus(): Promise<GpuInfo> {
  detected ??= probeGpus(systemProbes);
  return detected;
}
