/**
 * The mutable tree .reg edits are applied to: case-insensitive key and value maps (insertion-ordered, as
 * Map is), value replacement in place, subtree deletion. `toTreeKey` freezes it into the shared TreeKey.
 */
import { upcaseName } from '../view/names.js';
import type { TreeKey, TreeValue } from '../view/tree-view.js';
import type { RegEdit } from './types.js';

interface BuilderKey {
  /** Name as first written (later spellings of the same key keep it, as Windows does). */
  name: string;
  line?: number;
  subkeys: Map<string, BuilderKey>;
  values: Map<string, TreeValue>;
}

/** Counts shared by every builder of one parse or merge, so limits bound the whole job. */
export class BuildBudget {
  keys = 0;
  values = 0;
  keysRefused = 0;
  valuesRefused = 0;
  constructor(
    readonly maxKeys: number,
    readonly maxValues: number,
  ) {}
}

export type ApplyOutcome = 'ok' | 'key-limit' | 'value-limit' | 'absent';

function newKey(name: string, line?: number): BuilderKey {
  return { name, line, subkeys: new Map(), values: new Map() };
}

export class RegTreeBuilder {
  private readonly root: BuilderKey = newKey('');

  constructor(private readonly budget: BuildBudget) {}

  /** Applies one edit; 'absent' for deletions of things that are not there (not an error in regedit). */
  apply(edit: RegEdit): ApplyOutcome {
    switch (edit.kind) {
      case 'key':
        return this.ensure(edit.path, edit.line) ? 'ok' : 'key-limit';
      case 'delete-key':
        return this.deleteKey(edit.path);
      case 'value': {
        const key = this.ensure(edit.path, edit.line);
        if (!key) return 'key-limit';
        const u = upcaseName(edit.name);
        const old = key.values.get(u);
        if (old) {
          // Windows keeps the stored name and slot of an existing value and replaces its type and data.
          key.values.set(u, { name: old.name, type: edit.type, data: edit.data, line: edit.line });
          return 'ok';
        }
        if (this.budget.values >= this.budget.maxValues) {
          this.budget.valuesRefused++;
          return 'value-limit';
        }
        this.budget.values++;
        key.values.set(u, { name: edit.name, type: edit.type, data: edit.data, line: edit.line });
        return 'ok';
      }
      case 'delete-value': {
        const key = this.find(edit.path);
        if (!key) return 'absent';
        const u = upcaseName(edit.name);
        if (!key.values.delete(u)) return 'absent';
        this.budget.values--;
        return 'ok';
      }
    }
  }

  private find(path: readonly string[]): BuilderKey | null {
    let k = this.root;
    for (const part of path) {
      const next = k.subkeys.get(upcaseName(part));
      if (!next) return null;
      k = next;
    }
    return k;
  }

  /** The key at `path`, created with its missing parents (as RegCreateKeyEx does); null at the key limit. */
  private ensure(path: readonly string[], line: number): BuilderKey | null {
    let k = this.root;
    if (k.line === undefined && path.length === 0) k.line = line;
    for (const part of path) {
      const u = upcaseName(part);
      let next = k.subkeys.get(u);
      if (!next) {
        if (this.budget.keys >= this.budget.maxKeys) {
          this.budget.keysRefused++;
          return null;
        }
        this.budget.keys++;
        next = newKey(part, line);
        k.subkeys.set(u, next);
      }
      k = next;
    }
    return k;
  }

  private deleteKey(path: readonly string[]): ApplyOutcome {
    if (path.length === 0) return 'absent';
    const parent = this.find(path.slice(0, -1));
    const u = upcaseName(path[path.length - 1]);
    const victim = parent?.subkeys.get(u);
    if (!parent || !victim) return 'absent';
    parent.subkeys.delete(u);
    // Iterative count of what went, so the budget reflects live content (no recursion on deep trees).
    const stack = [victim];
    while (stack.length > 0) {
      const k = stack.pop()!;
      this.budget.keys--;
      this.budget.values -= k.values.size;
      for (const c of k.subkeys.values()) stack.push(c);
    }
    return 'ok';
  }

  toTreeKey(): TreeKey {
    return freeze(this.root);
  }
}

function freeze(k: BuilderKey): TreeKey {
  const out: TreeKey = { name: k.name, values: [...k.values.values()], subkeys: [] };
  if (k.line !== undefined) out.line = k.line;
  for (const c of k.subkeys.values()) out.subkeys.push(freeze(c));
  return out;
}
