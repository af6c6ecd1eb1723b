// Every jest process (and what it spawns with its environment) reads no dev-stack settings: a running `npm run dev`
// in this checkout must not change what a test sees (its .jobline/dev/settings.env names another database).
process.env.JOBLINE_DEV_SETTINGS = "";
