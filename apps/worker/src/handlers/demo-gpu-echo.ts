import { detectGpus } from "../gpu";
import type { Handler } from "./handler";

export const demoGpuEcho: Handler<"demo.gpu-echo"> = async (payload) => ({ payload, gpu: await detectGpus() });
