// Tests start the built API and worker as real processes (startStack).
module.exports = { ...require("../../jest.base.js"), testTimeout: 60_000 };
