/** The public DPAPI/LSA vectors of /work/shared/docs/dpapi-vectors.json, with hex helpers. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from '../../helpers/oracles.js';

export interface Vector {
  id: string;
  stage: string;
  inputs: Record<string, any>;
  expected: Record<string, any>;
}

export const VECTORS_PATH = resolve(ROOT, '../shared/docs/dpapi-vectors.json');
export const vectors: Vector[] = JSON.parse(readFileSync(VECTORS_PATH, 'utf8')).vectors;

export function vector(id: string): Vector {
  const v = vectors.find((x) => x.id === id);
  if (!v) throw new Error(`no vector ${id}`);
  return v;
}

export function byStage(stage: string): Vector[] {
  return vectors.filter((v) => v.stage === stage);
}

export function hex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'hex'));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
