/**
 * Velociraptor's own definitions, read as data from a copy of its repository when one is on this machine
 * (RDSLIC_VELOCIRAPTOR_REPO: a work tree or a bare git directory; default: the fetched mirror): the fields of
 * `artifacts/proto/artifact.proto` and the VQL functions and plugins of `docs/references/vql.yaml` with their
 * arguments. Without a copy, the tests that need them are skipped and the artifact fields listed in
 * shared/docs/ecosystem.md §2 are used instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/oracles.js';

const REPO = process.env.RDSLIC_VELOCIRAPTOR_REPO ?? '/work/.mirror/Velocidex+velociraptor/repo';

function readRepoFile(path: string): string | null {
  if (existsSync(join(REPO, path))) return readFileSync(join(REPO, path), 'utf8');
  if (!existsSync(REPO)) return null;
  const r = spawnSync('git', ['--git-dir', REPO, 'show', `HEAD:${path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return r.status === 0 ? r.stdout : null;
}

/** Field names of each message of a .proto file. */
export function protoMessages(proto: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let current: Set<string> | null = null;
  for (const line of proto.split('\n')) {
    const open = /^message\s+(\w+)\s*\{/.exec(line);
    if (open) {
      current = new Set();
      out.set(open[1], current);
      continue;
    }
    if (/^\}/.test(line)) {
      current = null;
      continue;
    }
    const field = /^\s*(?:repeated\s+)?(?:map<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*\d+/.exec(line);
    if (current && field) current.add(field[1]);
  }
  return out;
}

export interface VqlEntry {
  readonly name: string;
  readonly type: string;
  readonly args: { name: string; required: boolean }[];
  /** ACL permissions the function needs (`metadata.permissions`, comma-separated in vql.yaml). */
  readonly permissions: string[];
}

const protoText = readRepoFile('artifacts/proto/artifact.proto');
const vqlText = readRepoFile('docs/references/vql.yaml');

export const HAVE_VELOCIRAPTOR = protoText !== null && vqlText !== null;

export const PROTO = protoText ? protoMessages(protoText) : null;

/** VQL functions and plugins by name (a name may be both: `if`, `stat`). */
export const VQL: Map<string, VqlEntry[]> | null = vqlText
  ? (() => {
      const m = new Map<string, VqlEntry[]>();
      for (const e of parse(vqlText) as { name: string; type: string; args?: { name: string; required?: boolean }[]; metadata?: { permissions?: string } }[]) {
        const entry = {
          name: e.name,
          type: e.type,
          args: (e.args ?? []).map((a) => ({ name: a.name, required: a.required === true })),
          permissions: (e.metadata?.permissions ?? '').split(',').filter(Boolean),
        };
        m.set(e.name, [...(m.get(e.name) ?? []), entry]);
      }
      return m;
    })()
  : null;

/** Artifact fields named in ecosystem.md §2 (`name`, `description`, … `column_types`): the fallback list. */
export function ecosystemArtifactFields(): Set<string> | null {
  const path = resolve(ROOT, '../shared/docs/ecosystem.md');
  if (!existsSync(path)) return null;
  const line = readFileSync(path, 'utf8').split('\n- ').find((l) => l.startsWith('Artifact YAML (artifact.proto)'));
  if (!line) return null;
  // Top-level names: backquoted names outside the parentheses that list sub-fields.
  const flat = line.replace(/\([^()]*\)/g, '');
  return new Set([...flat.matchAll(/`(\w+)`/g)].map((m) => m[1]));
}
