/**
 * An in-memory registry tree and the HiveView over it. The .reg reader builds one; the hive writer takes
 * one as input; tests build them directly. Lookups use per-key upcased-name maps, built on first use.
 */
import type { Anomaly } from './anomaly.js';
import { upcaseName } from './names.js';
import { joinPath, lookupPath, type HiveView, type RegKey, type RegValue, type ViewCapabilities } from './registry-view.js';
import type { SecurityDescriptor } from './security-descriptor.js';

export interface TreeValue {
  name: string;
  type: number;
  data: Uint8Array;
  line?: number;
}

export interface TreeKey {
  name: string;
  lastWrite?: Date | null;
  className?: string | null;
  security?: SecurityDescriptor | null;
  symlink?: boolean;
  line?: number;
  values: TreeValue[];
  subkeys: TreeKey[];
}

/** Convenience constructor for tests and builders. */
export function treeKey(name: string, values: TreeValue[] = [], subkeys: TreeKey[] = [], extra: Partial<TreeKey> = {}): TreeKey {
  return { name, values, subkeys, ...extra };
}

class TreeRegKey implements RegKey {
  private byName: Map<string, TreeRegKey> | null = null;
  private valueByName: Map<string, RegValue> | null = null;
  private children: TreeRegKey[] | null = null;

  constructor(
    private readonly node: TreeKey,
    readonly path: string,
  ) {}

  get name(): string {
    return this.node.name;
  }
  get lastWrite(): Date | null {
    return this.node.lastWrite ?? null;
  }
  get className(): string | null {
    return this.node.className ?? null;
  }
  get line(): number | undefined {
    return this.node.line;
  }
  get isSymlink(): boolean {
    return this.node.symlink ?? false;
  }

  subkeys(): RegKey[] {
    if (!this.children) this.children = this.node.subkeys.map((k) => new TreeRegKey(k, joinPath(this.path, k.name)));
    return this.children;
  }

  subkey(name: string): RegKey | null {
    if (!this.byName) {
      this.byName = new Map();
      for (const k of this.subkeys() as TreeRegKey[]) {
        const u = upcaseName(k.name);
        if (!this.byName.has(u)) this.byName.set(u, k);
      }
    }
    return this.byName.get(upcaseName(name)) ?? null;
  }

  values(): RegValue[] {
    return this.node.values;
  }

  value(name: string): RegValue | null {
    if (!this.valueByName) {
      this.valueByName = new Map();
      for (const v of this.node.values) {
        const u = upcaseName(v.name);
        if (!this.valueByName.has(u)) this.valueByName.set(u, v);
      }
    }
    return this.valueByName.get(upcaseName(name)) ?? null;
  }

  security(): SecurityDescriptor | null {
    return this.node.security ?? null;
  }
}

export class TreeView implements HiveView {
  readonly root: RegKey;
  constructor(
    root: TreeKey,
    readonly kind: 'regf' | 'reg',
    readonly capabilities: ViewCapabilities,
    readonly anomalies: readonly Anomaly[] = [],
    readonly scope?: readonly string[],
  ) {
    this.root = new TreeRegKey(root, '');
  }
  key(path: string): RegKey | null {
    return lookupPath(this.root, path);
  }
}
