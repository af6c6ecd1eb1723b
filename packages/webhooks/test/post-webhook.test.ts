import { startWebhookReceiver, type WebhookReceiver } from "@jobline/testing";
import { postWebhook } from "../src/post-webhook";

let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver?.close();
});

const post = (path: string, allowPrivateNetworks: boolean) =>
  postWebhook({
    url: receiver.url(path),
    body: "{}",
    headers: { "Content-Type": "application/json" },
    timeoutMs: 5000,
    allowPrivateNetworks,
  });

test("a receiver at an internal IP literal gets no request: the attempt fails without a connection", async () => {
  const outcome = await post("/refused", false);

  expect(outcome).toEqual({ status: null, error: "127.0.0.1 is an internal address" });
  expect(receiver.requests("/refused")).toHaveLength(0);
});

test("a deployment that allows private networks reaches the same receiver", async () => {
  const outcome = await post("/allowed", true);

  expect(outcome).toEqual({ status: 200, error: null });
  expect(receiver.requests("/allowed")).toHaveLength(1);
});
