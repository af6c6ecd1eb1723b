import { createHmac } from "node:crypto";
import { parseSignatureHeader, signWebhook, verifyWebhook } from "../src/webhook-signature";

const body = '{"event":"job.completed","job":{"id":"x"}}';
const now = 1_800_000_000;

describe("webhook signatures", () => {
  it("signs HMAC-SHA256 of '<t>.<raw body>' in hex", async () => {
    const header = await signWebhook(body, ["whsec_a"], now);
    const expected = createHmac("sha256", "whsec_a").update(`${now}.${body}`).digest("hex");
    expect(header).toBe(`t=${now},v1=${expected}`);
  });

  it("verifies its own signature", async () => {
    const header = await signWebhook(body, ["whsec_a"], now);
    await expect(verifyWebhook(body, header, "whsec_a", { now })).resolves.toBe(true);
  });

  it("verifies bytes as well as strings", async () => {
    const header = await signWebhook(body, ["whsec_a"], now);
    await expect(verifyWebhook(new TextEncoder().encode(body), header, "whsec_a", { now })).resolves.toBe(true);
  });

  it("refuses a body changed by one character", async () => {
    const header = await signWebhook(body, ["whsec_a"], now);
    await expect(verifyWebhook(body.replace("x", "y"), header, "whsec_a", { now })).resolves.toBe(false);
  });

  it("refuses another secret", async () => {
    const header = await signWebhook(body, ["whsec_a"], now);
    await expect(verifyWebhook(body, header, "whsec_b", { now })).resolves.toBe(false);
  });

  it("accepts either secret while both are signed with after a rotation", async () => {
    const header = await signWebhook(body, ["whsec_new", "whsec_old"], now);
    expect(parseSignatureHeader(header)?.signatures).toHaveLength(2);
    await expect(verifyWebhook(body, header, "whsec_old", { now })).resolves.toBe(true);
    await expect(verifyWebhook(body, header, "whsec_new", { now })).resolves.toBe(true);
  });

  it("refuses a signature older than the tolerance", async () => {
    const header = await signWebhook(body, ["whsec_a"], now - 301);
    await expect(verifyWebhook(body, header, "whsec_a", { now })).resolves.toBe(false);
    await expect(verifyWebhook(body, header, "whsec_a", { now, toleranceSeconds: 0 })).resolves.toBe(true);
  });

  it.each([undefined, "", "garbage", "t=abc,v1=00", "t=1", "v1=00", `t=${now},v1=zz`])("refuses the header %p", async (header) => {
    await expect(verifyWebhook(body, header, "whsec_a", { now })).resolves.toBe(false);
  });
});
