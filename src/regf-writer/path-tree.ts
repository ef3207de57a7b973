/**
 * Builds a TreeKey tree from keys described by path, the way scenario builders describe hosts:
 * `{ 'ControlSet001\\Control\\Terminal Server': { values: [...] } }`. Intermediate keys are created; paths that
 * name the same key (case-insensitively) are merged: values append, a later value of the same name replaces the
 * earlier one, and later attributes override earlier ones.
 */
import { upcaseName } from '../view/names.js';
import { splitPath } from '../view/registry-view.js';
import type { SecurityDescriptor } from '../view/security-descriptor.js';
import type { TreeKey, TreeValue } from '../view/tree-view.js';

export interface KeySpec {
  readonly values?: readonly TreeValue[];
  readonly lastWrite?: Date | null;
  readonly security?: SecurityDescriptor | null;
  readonly className?: string | null;
  readonly symlink?: boolean;
}

export type PathSpecs = Readonly<Record<string, KeySpec>> | Iterable<readonly [string, KeySpec]>;

/** The root is named `rootName` (a hive root's stored name; Windows uses e.g. `CMI-CreateHive{…}`); '' addresses it. */
export function treeFromPaths(specs: PathSpecs, rootName = 'ROOT'): TreeKey {
  const root: TreeKey = { name: rootName, values: [], subkeys: [] };
  const index = new Map<TreeKey, Map<string, TreeKey>>();
  const entries = isIterable(specs) ? specs : Object.entries(specs);
  for (const [path, spec] of entries) {
    let key = root;
    for (const part of splitPath(path)) key = child(index, key, part);
    apply(key, spec);
  }
  return root;
}

function child(index: Map<TreeKey, Map<string, TreeKey>>, parent: TreeKey, name: string): TreeKey {
  let byName = index.get(parent);
  if (!byName) {
    byName = new Map();
    index.set(parent, byName);
  }
  const u = upcaseName(name);
  let k = byName.get(u);
  if (!k) {
    k = { name, values: [], subkeys: [] };
    byName.set(u, k);
    parent.subkeys.push(k);
  }
  return k;
}

function apply(key: TreeKey, spec: KeySpec): void {
  for (const v of spec.values ?? []) {
    const at = key.values.findIndex((w) => upcaseName(w.name) === upcaseName(v.name));
    if (at >= 0) key.values[at] = v;
    else key.values.push(v);
  }
  if (spec.lastWrite !== undefined) key.lastWrite = spec.lastWrite;
  if (spec.security !== undefined) key.security = spec.security;
  if (spec.className !== undefined) key.className = spec.className;
  if (spec.symlink !== undefined) key.symlink = spec.symlink;
}

function isIterable(x: PathSpecs): x is Iterable<readonly [string, KeySpec]> {
  return typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function';
}
