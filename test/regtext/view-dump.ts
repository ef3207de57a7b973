/** A view as hivex-dump.py's JSON lines (key paths, value names, type names, dumpData), sorted: for comparisons. */
import type { HiveView, RegKey } from '../../src/view/registry-view.js';
import { dumpData, typeName } from '../../src/view/value-types.js';

export function dumpLines(view: HiveView, under = ''): string[] {
  const out: string[] = [];
  const start = under === '' ? view.root : view.key(under);
  if (!start) return out;
  const stack: RegKey[] = [start];
  while (stack.length > 0) {
    const k = stack.pop()!;
    out.push(JSON.stringify({ type: 'key', path: k.path }));
    for (const v of k.values()) {
      out.push(JSON.stringify({ type: 'value', path: k.path, name: v.name, valueType: typeName(v.type), data: dumpData(v.type, v.data) }));
    }
    stack.push(...k.subkeys());
  }
  return out.sort();
}

/** hivex-dump.py output restricted to a subtree (the subtree's key and everything below it). */
export function filterOracle(jsonl: string, under: string): string[] {
  const prefix = under.toUpperCase();
  const out: string[] = [];
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as { type: string; path: string; name?: string; valueType?: string; data?: unknown };
    const p = o.path.toUpperCase();
    if (prefix !== '' && p !== prefix && !p.startsWith(prefix + '\\')) continue;
    out.push(
      o.type === 'key'
        ? JSON.stringify({ type: 'key', path: o.path })
        : JSON.stringify({ type: 'value', path: o.path, name: o.name, valueType: o.valueType, data: o.data }),
    );
  }
  return out.sort();
}
