// Tests run the built command as a child process against the built API and worker (startStack).
module.exports = { ...require("../../jest.base.js"), testTimeout: 60_000 };
