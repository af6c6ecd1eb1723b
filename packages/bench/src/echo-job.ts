/** The job every scenario submits: the demo type that returns its payload, so the handler itself costs nothing. */
export const echoJob = { type: "demo.echo", payload: { n: 1 } } as const;
