// Several of these tests spawn the built CLIs and migrate databases: sized for a busy two-core machine, not a quiet one.
module.exports = { ...require("../../jest.base.js"), testTimeout: 30_000 };
