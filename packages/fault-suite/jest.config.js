// Scenarios run one after another: each starts its own Redis (and Postgres) and real API and worker processes.
module.exports = { ...require("../../jest.base.js"), testTimeout: 120_000, slowTestThreshold: 120 };
