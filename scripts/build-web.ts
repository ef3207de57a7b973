/**
 * Builds dist/web/rdslic.html: one self-contained page (npm run build:web; `tsx scripts/build-web.ts [--out FILE]`).
 * The worker (src/web/worker.ts) and the page script (src/web/page.ts) are bundled by esbuild for the browser,
 * with the report templates precompiled (no eval under the page's CSP), src/dpapi/crypto.ts swapped for its pure-JS
 * twin (src/web/crypto.ts), and any Node built-in or src/node / src/cli import failing the build. The page script
 * is inlined and allowed by its SHA-256 in the Content-Security-Policy; the worker runs from a Blob URL.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import Handlebars from 'handlebars';
import { loadTemplates } from '../src/node/templates.js';
import type { ReportTemplates } from '../src/report/templates.js';
import { VERSION } from '../src/version.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT = resolve(ROOT, 'dist/web/rdslic.html');
/** The brief's budget for the whole page. */
export const MAX_PAGE_BYTES = 1.5 * 1024 * 1024;
/** Options render.ts compiles with; partials inherit them (Handlebars' templateSpec.compilerOptions). */
const COMPILE_OPTIONS = { strict: true, preventIndent: true };

const SRC = resolve(ROOT, 'src');
const NODE_ONLY = [resolve(SRC, 'node') + sep, resolve(SRC, 'cli') + sep, resolve(SRC, 'cli.ts')];
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Fails the bundle on any Node built-in, and on the Node edge of rdslic (src/node, src/cli), naming the importer. */
export function browserGuard(found: string[] = []): Plugin {
  return {
    name: 'rdslic-browser-guard',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.split('/')[0] === 'node:' ? args.path : args.path.replace(/\/.*$/, '');
        if (args.path.startsWith('node:') || BUILTINS.has(args.path) || (BUILTINS.has(bare) && !args.path.startsWith('.'))) {
          const msg = `${relative(ROOT, args.importer) || args.importer} imports the Node module "${args.path}"`;
          found.push(msg);
          return { errors: [{ text: msg }] };
        }
        if (args.path.startsWith('.') && args.resolveDir) {
          const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
          if (NODE_ONLY.some((p) => target === p || target.startsWith(p))) {
            const msg = `${relative(ROOT, args.importer)} imports the Node-only module ${relative(ROOT, target)}`;
            found.push(msg);
            return { errors: [{ text: msg }] };
          }
        }
        return undefined;
      });
    },
  };
}

/** src/dpapi/crypto.ts (node:crypto) → src/web/crypto.ts for every importer inside src/dpapi. */
export function cryptoSwap(): Plugin {
  const dpapi = resolve(SRC, 'dpapi') + sep;
  return {
    name: 'rdslic-crypto-swap',
    setup(b) {
      b.onResolve({ filter: /^\.\/crypto\.js$/ }, (args) => (args.importer.startsWith(dpapi) ? { path: resolve(SRC, 'web/crypto.ts') } : undefined));
    },
  };
}

/** Handlebars.precompile of every template and partial, keyed by source, as a module (see handlebars-precompiled.ts). */
function precompiledModule(templates: ReportTemplates): string {
  const sources = [templates.hostHtml, templates.hostMarkdown, templates.fleetHtml, templates.fleetMarkdown, ...Object.values(templates.partials)];
  const entries = [...new Set(sources)].map((s) => `[${JSON.stringify(s)}]: ${Handlebars.precompile(s, COMPILE_OPTIONS)}`);
  return `export default {\n${entries.join(',\n')}\n};\n`;
}

/** `rdslic:templates`, `rdslic:precompiled`, `rdslic:worker-source`, and `handlebars` → the precompiled runtime. */
export function virtualModules(templates: ReportTemplates, workerSource = ''): Plugin {
  const modules: Record<string, string> = {
    'rdslic:templates': `export default ${JSON.stringify(templates)};`,
    'rdslic:precompiled': precompiledModule(templates),
    'rdslic:worker-source': `export default ${JSON.stringify(workerSource)};`,
  };
  return {
    name: 'rdslic-virtual',
    setup(b) {
      b.onResolve({ filter: /^handlebars$/ }, () => ({ path: resolve(SRC, 'web/handlebars-precompiled.ts') }));
      b.onResolve({ filter: /^rdslic:/ }, (args) => {
        if (!(args.path in modules)) return { errors: [{ text: `unknown virtual module ${args.path}` }] };
        return { path: args.path, namespace: 'rdslic' };
      });
      b.onLoad({ filter: /.*/, namespace: 'rdslic' }, (args) => ({ contents: modules[args.path], loader: 'js', resolveDir: resolve(SRC, 'web') }));
    },
  };
}

/** Shared esbuild settings for browser bundles of rdslic code. */
export function browserBuildOptions(templates: ReportTemplates, workerSource = '', found: string[] = []) {
  return {
    bundle: true,
    platform: 'browser' as const,
    format: 'iife' as const,
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none' as const,
    write: false,
    logLevel: 'silent' as const,
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [browserGuard(found), cryptoSwap(), virtualModules(templates, workerSource)],
  };
}

async function bundle(entry: string, templates: ReportTemplates, workerSource = ''): Promise<string> {
  const r = await build({ ...browserBuildOptions(templates, workerSource), entryPoints: [resolve(SRC, entry)] });
  const out = r.outputFiles?.[0];
  if (!out) throw new Error(`esbuild wrote nothing for ${entry}`);
  return out.text;
}

/** Text that would end or confuse an inline <script> element. */
function checkInlineScript(js: string, what: string): void {
  const bad = /<\/script|<!--/i.exec(js);
  if (bad) throw new Error(`${what} contains "${bad[0]}" at ${bad.index}, which cannot be inlined in <script>`);
}

export interface WebPage {
  readonly html: string;
  readonly bytes: number;
  /** 'sha256-…' of the inline script, as in the CSP. */
  readonly scriptHash: string;
}

export async function buildWebPage(): Promise<WebPage> {
  const templates = loadTemplates();
  const worker = await bundle('web/worker.ts', templates);
  const script = await bundle('web/page.ts', templates, worker);
  checkInlineScript(script, 'the page script');
  const scriptHash = `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;
  const csp = [
    "default-src 'none'",
    `script-src '${scriptHash}'`,
    'worker-src blob:',
    "connect-src 'none'",
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const css = readFileSync(resolve(SRC, 'web/page.css'), 'utf8').trim();
  const fill: Record<string, string> = { CSP: csp, VERSION, CSS: css, SCRIPT: script };
  const html = readFileSync(resolve(SRC, 'web/page.html'), 'utf8').replace(/@(CSP|VERSION|CSS|SCRIPT)@/g, (_, k: string) => fill[k]);
  const bytes = Buffer.byteLength(html, 'utf8');
  if (bytes > MAX_PAGE_BYTES) throw new Error(`the page is ${bytes} bytes, over the ${MAX_PAGE_BYTES}-byte budget`);
  return { html, bytes, scriptHash };
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const i = process.argv.indexOf('--out');
  const out = i >= 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]) : DEFAULT_OUT;
  buildWebPage().then(
    (page) => {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, page.html);
      console.log(`wrote ${relative(process.cwd(), out) || out} (${(page.bytes / 1024).toFixed(0)} KiB)`);
    },
    (e: unknown) => {
      console.error(`build-web: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
