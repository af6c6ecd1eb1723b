/**
 * Peak resident memory of the spawned processes: the kernel's high-water mark (VmHWM), read just before each
 * process is stopped, so a short spike between two samples is not missed. The maximum per kind of process is kept.
 */
import { readFileSync } from "node:fs";

export type ProcessKind = "api" | "worker" | "lean endpoint" | "raw worker";

const peaks = new Map<ProcessKind, number>();

/** Records the process's high-water mark; a process already gone is skipped. */
export function notePeakRss(kind: ProcessKind, pid: number | undefined): void {
  if (pid === undefined) return;
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return;
  }
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) return;
  peaks.set(kind, Math.max(peaks.get(kind) ?? 0, Number(kb) / 1024));
}

/** Megabytes; undefined when no process of that kind was seen. */
export function peakRssMb(kind: ProcessKind): number | undefined {
  return peaks.get(kind);
}
