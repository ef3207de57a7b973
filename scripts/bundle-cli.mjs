// Bundles the CLI and its pool worker with esbuild over tsc's dist/:
// - dist/cli.cjs: the whole CLI as one CommonJS file, which the bin (tsc's dist/cli.js, src/cli.ts) runs through
//   node:vm with dist/cli.cjs.cache, a V8 code cache made here by a run over samples/ (src/node/cached-script.ts);
// - dist/node/analyze-worker.js: the pool worker, ESM with lazily loaded chunks.
// One file instead of ~180 modules halves the start-up of a run; the code cache takes a third off what is left;
// fflate and commander's node:child_process load on first use (scripts/lazy-modules.mjs).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';
import { lazyModules } from './lazy-modules.mjs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Chunk names carry content hashes: without this, every build would leave the previous chunks in the package.
rmSync(resolve(root, 'dist/chunks'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/node/analyze-worker.ts'],
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies shipped as CommonJS (commander, handlebars) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __rdslicRequire } from 'node:module'; const require = __rdslicRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
const cliBundle = resolve(root, 'dist/cli.cjs');
await build({
  plugins: [lazyModules],
  absWorkingDir: root,
  entryPoints: ['src/cli/run.ts'],
  outfile: cliBundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // package-files.ts finds the package root from its module URL: in this bundle, the bundle's own.
  define: { 'import.meta.url': '__rdslicModuleUrl' },
  banner: { js: "var __rdslicModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  legalComments: 'none',
});

// The code cache: compile the bundle, run it over samples/ (every report format, no worker threads, so every
// function a run uses is compiled in this one isolate), and keep what V8 compiled.
const { loadCommonJs } = await import(pathToFileURL(resolve(root, 'dist/node/cached-script.js')).href);
const loaded = loadCommonJs(cliBundle, readFileSync(cliBundle, 'utf8'));
const out = mkdtempSync(join(tmpdir(), 'rdslic-code-cache-'));
try {
  await loaded.exports.runCli([process.execPath, 'rdslic', 'analyze', resolve(root, 'samples'), '--out', out, '--format', 'html,md,json', '--jobs', '1', '--quiet', '--force']);
  if (process.exitCode !== undefined && process.exitCode !== 0 && process.exitCode !== 1) throw new Error(`the warm-up run over samples/ exited ${process.exitCode}`);
  process.exitCode = 0;
} finally {
  rmSync(out, { recursive: true, force: true });
}
writeFileSync(`${cliBundle}.cache`, loaded.script.createCachedData());
// The package's bin (and `./dist/cli.js` in a clone) runs as a program: keep the shebang's file executable.
chmodSync(resolve(root, 'dist/cli.js'), 0o755);
