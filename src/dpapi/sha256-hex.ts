/**
 * SHA-256 as lowercase hex, synchronous on every platform: through ./crypto.js, which the browser build swaps for
 * its pure-JS twin (the facts layer hashes the image files it follows with this).
 */
import { hash } from './crypto.js';

export function sha256Hex(bytes: Uint8Array): string {
  return Array.from(hash('sha256', bytes), (x) => x.toString(16).padStart(2, '0')).join('');
}
