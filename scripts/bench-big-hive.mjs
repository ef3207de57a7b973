// The big-hive fixture of issue 18: a SOFTWARE hive of a few hundred MB made with the project's own hive writer
// from real hives: a licensing SOFTWARE (samples/healthy-per-user) at the root and real SYSTEM hives copied under
// it, each several times, until the target size. Cached in the temp folder under the content it was made from.
import { existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

/** A live RegKey (hive reader) as the writer's TreeKey, to `depth` levels; security descriptors stay default. */
function toTree(key, name = key.name) {
  return {
    name,
    lastWrite: key.lastWrite,
    className: key.className,
    values: key.values().map((v) => ({ name: v.name, type: v.type, data: v.data })),
    subkeys: key.subkeys().map((k) => toTree(k)),
  };
}

export async function bigSoftware(root, { sources, copies, workDir }) {
  const { openHive } = await import(resolve(root, 'dist/regf/hive.js'));
  const { writeHive } = await import(resolve(root, 'dist/regf-writer/index.js'));
  const software = resolve(root, 'samples/healthy-per-user/SOFTWARE');
  const id = createHash('sha256');
  for (const f of [software, ...sources]) id.update(`${f}:${statSync(f).size}\n`);
  id.update(`copies=${copies}`);
  const out = resolve(workDir, `rdslic-bench-SOFTWARE-${id.digest('hex').slice(0, 12)}`);
  if (existsSync(out)) return out;
  const tree = toTree(openHive(new Uint8Array(readFileSync(software))).root);
  for (const src of sources) {
    const sys = toTree(openHive(new Uint8Array(readFileSync(src))).root);
    const base = src.split('/').pop();
    for (let i = 0; i < copies; i++) tree.subkeys.push({ ...sys, name: `Bench-${base}-${i}` });
  }
  writeFileSync(out, writeHive(tree, { lastWritten: new Date('2025-06-01T12:00:00Z') }));
  return out;
}
