// An esbuild plugin for the CLI bundles (dist/cli.cjs and the executables' main script): modules evaluated when
// first used instead of when the bundle starts, each for the importers named. A one-host run reads no zip and
// spawns no command, but fflate builds its inflate tables when it loads (~5 ms cold), and commander loads
// node:child_process (~3 ms) for executable subcommands, which rdslic has none of.
// The importer gets a module of getters, one per export of the real module (listed at build time), so what it uses
// is the real module's own function, fetched on first use; test/node/bundle-lazy-modules.test.ts checks both sides.
import { createRequire } from 'node:module';

const LAZY = [
  { specifier: 'fflate', importer: /[\\/]src[\\/]evidence[\\/]zip[\\/]zip-archive\.ts$/ },
  { specifier: 'node:child_process', importer: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ },
];

const require = createRequire(import.meta.url);

export const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    for (const { specifier, importer } of LAZY) {
      build.onResolve({ filter: new RegExp(`^${specifier}$`) }, (args) =>
        importer.test(args.importer) ? { path: specifier, namespace: 'lazy-module', pluginData: { resolveDir: args.resolveDir } } : undefined,
      );
    }
    build.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => {
      const names = Object.keys(require(args.path)).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
      const getters = names.map((n) => `  get ${n}() { return load().${n}; },`).join('\n');
      // The shim's own require of the module resolves as usual (the plugin answers only the importers above).
      const contents = `let real;\nconst load = () => (real ??= require(${JSON.stringify(args.path)}));\nmodule.exports = {\n${getters}\n};\n`;
      return { contents, loader: 'js', resolveDir: args.pluginData.resolveDir };
    });
  },
};
