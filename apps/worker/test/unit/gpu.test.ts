import { gpuDeviceFiles, parseNvidiaSmiList, probeGpus } from "../../src/gpu";

describe("GPU detection", () => {
  it("reads device names from `nvidia-smi -L`", () => {
    const stdout = "GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-1b2c)\nGPU 1: Tesla T4 (UUID: GPU-9f8e)\n";
    expect(parseNvidiaSmiList(stdout)).toEqual(["NVIDIA A100-SXM4-40GB", "Tesla T4"]);
    expect(parseNvidiaSmiList("No devices were found\n")).toEqual([]);
  });

  it("counts /dev/nvidiaN files but not the control devices", () => {
    expect(gpuDeviceFiles(["nvidia10", "nvidiactl", "nvidia-uvm", "nvidia1", "null", "nvidia0"])).toEqual([
      "/dev/nvidia0",
      "/dev/nvidia1",
      "/dev/nvidia10",
    ]);
  });

  it("prefers nvidia-smi, falls back to device files, and says so when there is nothing", async () => {
    const probes = (smi: string | undefined, dev: string[]) => ({ nvidiaSmiList: async () => smi, devEntries: async () => dev });
    await expect(probeGpus(probes("GPU 0: Tesla T4 (UUID: GPU-x)", ["nvidia0"]))).resolves.toEqual({
      available: true,
      devices: ["Tesla T4"],
    });
    await expect(probeGpus(probes(undefined, ["nvidia0", "nvidiactl"]))).resolves.toEqual({ available: true, devices: ["/dev/nvidia0"] });
    await expect(probeGpus(probes(undefined, ["null", "tty"]))).resolves.toEqual({ available: false, devices: [] });
  });
});
