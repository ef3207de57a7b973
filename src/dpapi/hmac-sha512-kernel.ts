/**
 * DPAPI's PBKDF2 rounds for HMAC-SHA-512 in WebAssembly (hmac-sha512.wat): a call into node:crypto per HMAC costs
 * about five times the hashing itself, and a Windows 10 master key takes 17,400 of them. The key's two pad blocks are
 * hashed once; each round is then two SHA-512 compressions on words that never leave the module.
 */
import { HMAC_SHA512_WASM } from './hmac-sha512-wasm.js';

/** Byte offsets of the kernel's words (hmac-sha512.wat). */
const INNER = 704;
const OUTER = 768;
const ACC = 832;
const W = 960;
const BLOCK = 128;

interface Kernel {
  readonly memory: WebAssembly.Memory;
  padState(dst: number): void;
  rounds(n: number): void;
}

let kernel: Kernel | null | undefined;

/** Compiled on first use; null where WebAssembly cannot run (then callers take the node:crypto loop). */
function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    kernel = new WebAssembly.Instance(new WebAssembly.Module(HMAC_SHA512_WASM)).exports as unknown as Kernel;
  } catch {
    kernel = null;
  }
  return kernel;
}

function putWords(view: DataView, at: number, bytes: Uint8Array): void {
  const src = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < bytes.length; i += 8) view.setBigUint64(at + i, src.getBigUint64(i, false), true);
}

/**
 * `rounds` times acc ^= HMAC-SHA-512(key, acc), where `key` is at most one block (longer keys are hashed first, as
 * HMAC does) and `acc` is 64 bytes; the new acc, or null when WebAssembly is unavailable.
 */
export function hmacSha512Rounds(key: Uint8Array, acc: Uint8Array, rounds: number): Uint8Array | null {
  const k = load();
  if (!k || key.length > BLOCK || acc.length !== 64) return null;
  const view = new DataView(k.memory.buffer);
  const pad = new Uint8Array(BLOCK);
  for (const [byte, dst] of [[0x36, INNER], [0x5c, OUTER]] as const) {
    for (let i = 0; i < BLOCK; i++) pad[i] = (key[i] ?? 0) ^ byte;
    putWords(view, W, pad);
    k.padState(dst);
  }
  putWords(view, ACC, acc);
  k.rounds(rounds);
  const out = new Uint8Array(64);
  const o = new DataView(out.buffer);
  for (let i = 0; i < 64; i += 8) o.setBigUint64(i, view.getBigUint64(ACC + i, true), false);
  return out;
}
