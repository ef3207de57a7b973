/** Fixture hives and trees for discovery tests: small hives from the writer, corpus hives, zips made with fflate. */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { dword, sz, treeFromPaths, writeHive } from '../../src/regf-writer/index.js';
import { CORPUS } from '../helpers/oracles.js';

export const REGIPY = join(CORPUS, 'mkorman90_regipy/regipy_tests/data');

const when = new Date(Date.UTC(2024, 0, 15, 12));

export function systemHive(computerName: string): Uint8Array {
  return writeHive(
    treeFromPaths({
      Select: { values: [dword('Current', 1), dword('Default', 1)], lastWrite: when },
      'ControlSet001\\Control\\ComputerName\\ComputerName': { values: [sz('ComputerName', computerName)], lastWrite: when },
      'ControlSet001\\Control\\Terminal Server': { values: [dword('fDenyTSConnections', 0)], lastWrite: when },
    }),
  );
}

export function softwareHive(product = 'Windows Server 2019 Standard'): Uint8Array {
  return writeHive(treeFromPaths({ 'Microsoft\\Windows NT\\CurrentVersion': { values: [sz('ProductName', product)], lastWrite: when } }));
}

export function securityHive(): Uint8Array {
  return writeHive(treeFromPaths({ 'Policy\\PolEKList': { values: [], lastWrite: when }, RXACT: { values: [], lastWrite: when } }));
}

export function samHive(): Uint8Array {
  return writeHive(treeFromPaths({ 'SAM\\Domains\\Account': { values: [], lastWrite: when } }));
}

export function ntuserHive(): Uint8Array {
  return writeHive(
    treeFromPaths({
      'Software\\Microsoft\\Terminal Server Client\\Default': { values: [sz('MRU0', 'rdsh01.example.test')], lastWrite: when },
      'Control Panel\\Desktop': { values: [], lastWrite: when },
      Environment: { values: [], lastWrite: when },
    }),
  );
}

/** `length` bytes in shared memory (as large reads are), a byte every 4093 set from a seeded generator. */
export function sharedBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const b = new Uint8Array(new SharedArrayBuffer(length));
  let x = seed;
  for (let i = 0; i < length; i += 4093) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x & 0xff;
  }
  return b;
}

export function corpus(name: string): Uint8Array {
  return readFileSync(join(REGIPY, name));
}

export class TempTree {
  readonly root = mkdtempSync(join(tmpdir(), 'rdslic-discovery-'));
  write(rel: string, bytes: Uint8Array | string): string {
    const p = join(this.root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, bytes);
    return p;
  }
  path(rel = ''): string {
    return join(this.root, rel);
  }
  /** SHA-256 and mtime of every file, to show inputs are untouched. */
  fingerprint(): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (dir: string) => {
      for (const n of readdirSync(dir).sort()) {
        const p = join(dir, n);
        const st = statSync(p);
        if (st.isDirectory()) walk(p);
        else out.set(p, `${createHash('sha256').update(readFileSync(p)).digest('hex')} ${st.mtimeMs} ${st.size}`);
      }
    };
    walk(this.root);
    return out;
  }
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A zip of `files` (path → bytes), deflated unless `level` is 0. */
export function makeZip(files: Record<string, Uint8Array>, level: 0 | 6 | 9 = 6): Uint8Array {
  const z: Zippable = {};
  for (const [k, v] of Object.entries(files)) z[k] = [v, { level }];
  return zipSync(z);
}

/** Rewrites the declared uncompressed size of every entry (local and central headers): a lying zip. */
export function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const dv = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x04034b50 && i + 26 <= out.length) dv.setUint32(i + 22, size, true);
    else if (sig === 0x02014b50 && i + 28 <= out.length) dv.setUint32(i + 24, size, true);
  }
  return out;
}
