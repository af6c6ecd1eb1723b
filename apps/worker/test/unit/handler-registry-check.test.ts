import { jobCatalogue } from "@jobline/contract";
import { checkHandlerRegistry, HandlerRegistryMismatchError } from "../../src/handler-registry-check";
import { handlers } from "../../src/handlers";

const catalogue = jobCatalogue({ demoJobs: true });

function mismatch(run: () => void): HandlerRegistryMismatchError {
  try {
    run();
  } catch (error) {
    if (error instanceof HandlerRegistryMismatchError) return error;
    throw error;
  }
  throw new Error("the check passed");
}

describe("the handler registry check", () => {
  it("passes the worker's own registry for every queue, demo jobs on or off", () => {
    expect(() => checkHandlerRegistry({ catalogue, queues: ["cpu", "gpu"], handlers })).not.toThrow();
    expect(() => checkHandlerRegistry({ catalogue: jobCatalogue({ demoJobs: false }), queues: ["cpu"], handlers })).not.toThrow();
  });

  it("names a catalogue type of a served queue that has no handler", () => {
    const { "demo.echo": _echo, "demo.sleep": _sleep, ...older } = handlers;
    const error = mismatch(() => checkHandlerRegistry({ catalogue, queues: ["cpu"], handlers: older }));
    expect(error.withoutHandler).toEqual(["demo.echo", "demo.sleep"]);
    expect(error.message).toContain("no handler for demo.echo, demo.sleep");
  });

  it("ignores a type without a handler on a queue the worker does not serve", () => {
    const { "demo.gpu-echo": _gpu, ...cpuOnly } = handlers;
    expect(() => checkHandlerRegistry({ catalogue, queues: ["cpu"], handlers: cpuOnly })).not.toThrow();
    expect(mismatch(() => checkHandlerRegistry({ catalogue, queues: ["gpu"], handlers: cpuOnly })).withoutHandler).toEqual([
      "demo.gpu-echo",
    ]);
  });

  it("names a handler for a type the contract does not define", () => {
    const newer = { ...handlers, "text.wordcount": handlers["demo.echo"] };
    const error = mismatch(() => checkHandlerRegistry({ catalogue, queues: ["cpu", "gpu"], handlers: newer }));
    expect(error).toMatchObject({ withoutHandler: [], withoutType: ["text.wordcount"] });
    expect(error.message).toContain("a handler for text.wordcount, which the job catalogue does not define");
  });
});
