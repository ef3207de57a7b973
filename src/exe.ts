/**
 * Entry of the single-file executables (Node's Single Executable Applications, built by scripts/build-exe.mjs):
 * registers the executable's embedded assets (templates, browser page, pool worker) for package-files.ts, then runs
 * the same program as the package's bin. Bundled to CommonJS, so no top-level await.
 */
// node:sea (Node's own module for a SEA's blob): a built-in, which is all a SEA's main script can require.
import * as sea from 'node:sea';
import { runCli } from './cli/run.js';
import { useEmbeddedFiles } from './node/package-files.js';

if (sea.isSea()) {
  useEmbeddedFiles({
    bytes(name) {
      try {
        return new Uint8Array(sea.getAsset(name));
      } catch {
        return undefined;
      }
    },
  });
}

void runCli(process.argv);
