// The tarballs `pnpm pack` makes (@jobline/client, @jobline/cli) are installed outside this repository: their
// manifests keep what an install reads, not the workspace's build scripts and devDependencies on unpublished packages.
module.exports = {
  hooks: {
    beforePacking(pkg) {
      delete pkg.devDependencies;
      delete pkg.scripts;
      return pkg;
    },
  },
};
