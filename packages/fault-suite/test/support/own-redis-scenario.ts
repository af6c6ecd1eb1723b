import { startRedisServer, type RedisServer } from "@jobline/testing";
import { createWorld, type World } from "./world";

export interface Scenario {
  readonly redis: RedisServer;
  readonly world: World;
}

/**
 * Registers the hooks every scenario on its own Redis shares: a private Redis, a fresh world and a running API
 * before the test, everything torn down after it. The getters are valid inside tests.
 */
export function scenarioOnOwnRedis(): Scenario {
  let redis: RedisServer | undefined;
  let world: World | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
    world = await createWorld({ redis });
    await world.startApi();
  });
  afterAll(async () => {
    await world?.teardown();
    await redis?.destroy();
  });
  return {
    get redis() {
      if (!redis) throw new Error("the scenario's Redis is not running (used outside a test?)");
      return redis;
    },
    get world() {
      if (!world) throw new Error("the scenario's world is not set up (used outside a test?)");
      return world;
    },
  };
}
