import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { checkCallbackHost, guardedLookup, isPrivateAddress, PrivateAddressError } from "../src";
import { maxConcurrentLookups, type HostLookup } from "../src/bounded-lookup";

test.each([
  "127.0.0.1",
  "10.1.2.3",
  "172.16.0.1",
  "192.168.1.1",
  "169.254.169.254",
  "100.64.0.1",
  "0.0.0.0",
  "224.0.0.1",
  "::1",
  "::",
  "fd00::1",
  "fe80::1",
  "ff02::1",
  "::ffff:127.0.0.1",
  "::ffff:a00:1",
  "192.0.0.8",
  "198.18.0.1",
  "::127.0.0.1",
  "64:ff9b::7f00:1",
  "64:ff9b:1::1",
  "2002:7f00:1::1",
  "2001:0:4136:e378:8000:63bf:3fff:fdd2",
])("%s is internal", (address) => {
  expect(isPrivateAddress(address)).toBe(true);
});

test.each(["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("%s is public", (address) => {
  expect(isPrivateAddress(address)).toBe(false);
});

test("a name resolving to loopback is refused at submit", async () => {
  expect(await checkCallbackHost("localhost")).toBe("private");
});

test("an IP literal is judged without a lookup", async () => {
  expect(await checkCallbackHost("93.184.215.14")).toBeNull();
});

test("a name that does not resolve is refused", async () => {
  expect(await checkCallbackHost("no-such-host.invalid")).toBe("unresolvable");
});

test("a name whose lookup does not settle by the deadline is refused as too slow", async () => {
  let settle!: () => void;
  const lookup: HostLookup = () => new Promise((_resolve, reject) => (settle = () => reject(new Error("settled after the test"))));
  try {
    expect(await checkCallbackHost("hangs.example", { lookup, deadlineMs: 50 })).toBe("slow");
  } finally {
    // Give back the process-wide slot it holds until it really settles.
    settle();
  }
});

test("a lookup past its deadline keeps its slot until it settles, so the next lookup waits", async () => {
  const settlers: (() => void)[] = [];
  const hanging: HostLookup = () => new Promise((resolve) => settlers.push(() => resolve([{ address: "93.184.215.14", family: 4 }])));
  let secondRan = false;
  const public4: HostLookup = async () => {
    secondRan = true;
    return [{ address: "93.184.215.14", family: 4 }];
  };
  try {
    const timedOut = await Promise.all(
      Array.from({ length: maxConcurrentLookups }, (_, i) => checkCallbackHost(`hangs-${i}.example`, { lookup: hanging, deadlineMs: 50 })),
    );
    expect(timedOut.every((refusal) => refusal === "slow")).toBe(true);

    const next = checkCallbackHost("next.example", { lookup: public4 });
    await new Promise(setImmediate);
    expect(secondRan).toBe(false);
    settlers[0]!();

    expect(await next).toBeNull();
    expect(secondRan).toBe(true);
  } finally {
    settlers.forEach((settle) => settle());
  }
});

test("at connect time, a name resolving to 127.0.0.1 gets no connection", async () => {
  let connections = 0;
  const server = http.createServer((_req, res) => res.end("ok")).on("connection", () => connections++);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  try {
    const req = http.request({ host: "localhost", port, method: "POST", lookup: guardedLookup, agent: false });
    req.end();
    const [error] = await once(req, "error");

    expect(error).toBeInstanceOf(PrivateAddressError);
    expect(connections).toBe(0);
  } finally {
    server.close();
  }
});
