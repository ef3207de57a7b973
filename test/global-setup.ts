/** Builds dist/ once before the tests, so CLI tests run the shipped artefact (the bundled CLI), not the sources. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export default function setup(): void {
  const root = resolve(import.meta.dirname, '..');
  // Skipped tests are otherwise silent: say once that the real-hive tests did not run, and how to run them.
  const corpus = resolve(root, process.env.RDSLIC_CORPUS ?? '../shared/corpus');
  if (!existsSync(corpus)) process.stderr.write(`rdslic tests: no test corpus at ${corpus}: the tests on real hives are skipped (put the corpus there or set RDSLIC_CORPUS)\n`);
  try {
    execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  } catch (e) {
    // Type errors are reported by the typecheck test; tsc still emits JavaScript.
    const out = String((e as { stdout?: Buffer }).stdout ?? '');
    if (!existsSync(resolve(root, 'dist/cli.js'))) throw new Error(`build failed:\n${out}`);
  }
  // The shipped CLI is the esbuild bundle over tsc's output, and `rdslic web` ships the page: as npm run build.
  execFileSync(process.execPath, [resolve(root, 'scripts/bundle-cli.mjs')], { cwd: root, stdio: 'pipe' });
  execFileSync(process.execPath, [resolve(root, 'node_modules/tsx/dist/cli.mjs'), resolve(root, 'scripts/build-web.ts')], { cwd: root, stdio: 'pipe' });
}
