/**
 * `analyze --shard i/n`: a stable 1/n of a fleet's hosts, so batch engines (Kubernetes indexed jobs, Slurm arrays)
 * split one fleet across machines and the shards' findings.jsonl files concatenate. A host's shard comes from its
 * host key (a hash of its label and the paths of its files inside their collection), never from its position, so a
 * host stays in its shard whatever else is in the fleet and however the input folder is spelled.
 */
import { createHash } from 'node:crypto';
import type { HostPlan } from '../evidence/plan.js';

export interface Shard {
  /** 1-based, as `--shard 1/4` … `4/4`. */
  readonly index: number;
  readonly count: number;
}

/** `i/n` with 1 ≤ i ≤ n ≤ 100000; null when it is not of that form (the CLI words the error). */
export function parseShard(s: string): Shard | null {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(s.trim());
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && count <= 100_000 && index <= count ? { index, count } : null;
}

/** SHA-256 (hex) of the host's label and the sorted paths of its files relative to their collection. */
export function hostKey(plan: HostPlan): string {
  const files = [...plan.hives.flatMap((h) => [h.file, ...h.logs]), ...plan.auxiliary.map((a) => a.file)].map((f) => f.relPath).sort();
  return createHash('sha256').update([plan.label, ...files].join('\n')).digest('hex');
}

/** The 1-based shard of `count` a host belongs to. */
export function shardOf(plan: HostPlan, count: number): number {
  return (Number.parseInt(hostKey(plan).slice(0, 12), 16) % count) + 1;
}

export function selectShard(plans: readonly HostPlan[], shard: Shard): HostPlan[] {
  return plans.filter((p) => shardOf(p, shard.count) === shard.index);
}
