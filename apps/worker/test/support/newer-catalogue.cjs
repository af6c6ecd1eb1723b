// Preloaded into the built worker (NODE_OPTIONS=--require) to make it the half-built pair of a watch-mode rebuild:
// @jobline/contract's catalogue gains a type, text.wordcount, that the worker's own build has no handler for.
"use strict";
const { jobTypes } = require(require.resolve("@jobline/contract", { paths: [require("node:path").join(__dirname, "..", "..")] }));

jobTypes["text.wordcount"] = { ...jobTypes["demo.echo"], demo: false };
