/**
 * `rdslic web [--out FILE]`: writes the offline browser page (dist/web/rdslic.html, built by npm run build) to a
 * file to open from disk or hand to someone; the page analyses hives in the browser and uploads nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { makeFolders } from '../../node/output-folder.js';
import { EMBEDDED_ASSETS, embeddedFiles, packagePath } from '../../node/package-files.js';
import { UsageError } from '../../node/usage-error.js';

/** The page `npm run build` writes into the package. */
export function builtPage(): string | null {
  const page = packagePath('dist', 'web', 'rdslic.html');
  return existsSync(page) ? page : null;
}

export function webCommand(opts: { out: string }, err: (s: string) => void): void {
  // The single executable carries the page as an asset; the package has it in dist/web/.
  const embedded = embeddedFiles()?.bytes(EMBEDDED_ASSETS.page);
  const page = embedded ? null : builtPage();
  if (!embedded && !page) throw new UsageError('the browser page is not built: run npm run build (or npm run build:web) first');
  const out = resolve(opts.out);
  if (out === page) throw new UsageError(`--out ${opts.out} is the built page itself`);
  const html = embedded ?? readFileSync(page!);
  // One level at a time: a recursive mkdir never returns on /proc.
  makeFolders(dirname(out), `--out ${opts.out}`);
  try {
    writeFileSync(out, html);
  } catch (e) {
    throw new UsageError(`${opts.out}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  err(`rdslic: wrote ${opts.out} (${Math.round(html.length / 1024)} KiB): open it in a browser and drop hives on it; nothing leaves the machine`);
}
