/**
 * Local groups (aliases) from a SAM hive: `SAM\Domains\{Builtin,Account}\Aliases\<RID hex>` value `C`, as
 * RegRipper's samparse reads it: a 0x34-byte header of DWORDs (name offset/length at 0x10/0x14, member-list offset
 * at 0x28, member count at 0x30; offsets relative to 0x34), then the name (UTF-16) and the member SIDs. Microsoft
 * does not document this layout (rds-licensing-audit.md D14), so what it yields is labelled unverified by the rules.
 */
import { decodeSid } from '../regf/security-descriptor.js';
import type { RegKey } from '../view/registry-view.js';
import type { HiveSource } from './source.js';
import type { Provenance } from './types.js';

export interface AliasRecord {
  readonly name: string;
  readonly memberCount: number;
  /** The member SIDs that could be decoded (fewer than memberCount when the list is damaged). */
  readonly members: string[];
}

export interface SamAlias extends AliasRecord {
  readonly domain: 'Builtin' | 'Account';
  readonly rid: number;
  readonly evidence: Provenance[];
}

const HEADER = 0x34;
const utf16 = new TextDecoder('utf-16le', { fatal: false });

/** Parses an alias `C` value; null when the header or the name does not fit. */
export function parseAliasC(c: Uint8Array): AliasRecord | null {
  if (c.length < HEADER) return null;
  const dv = new DataView(c.buffer, c.byteOffset, c.length);
  const u32 = (i: number) => dv.getUint32(i * 4, true);
  const nameOff = HEADER + u32(4);
  const nameLen = u32(5);
  if (nameOff + nameLen > c.length) return null;
  const name = utf16.decode(c.subarray(nameOff, nameOff + (nameLen & ~1)));
  const memberCount = u32(12);
  const members: string[] = [];
  let p = HEADER + u32(10);
  for (let i = 0; i < memberCount && i < 10_000; i++) {
    const sid = decodeSid(c, p, c.length);
    if (sid === null) break;
    members.push(sid);
    p += 8 + 4 * c[p + 1];
  }
  return { name, memberCount, members };
}

function aliasOf(sam: HiveSource, domain: SamAlias['domain'], key: RegKey): SamAlias | null {
  if (!/^[0-9a-f]{8}$/i.test(key.name)) return null;
  const v = key.value('C');
  const rec = v ? parseAliasC(v.data) : null;
  if (!v || !rec) return null;
  const row = sam.valueEvidence(key, v);
  const shown = `alias "${rec.name}", ${rec.memberCount} member(s)${rec.members.length ? `: ${rec.members.join(', ')}` : ''}`;
  return { ...rec, domain, rid: parseInt(key.name, 16), evidence: [{ ...row, data: shown }] };
}

/** The alias with this RID in the Builtin domain (e.g. 0x240 = RDS Endpoint Servers). */
export function builtinAlias(sam: HiveSource, rid: number): SamAlias | null {
  const key = sam.key(`SAM\\Domains\\Builtin\\Aliases\\${rid.toString(16).toUpperCase().padStart(8, '0')}`);
  return key ? aliasOf(sam, 'Builtin', key) : null;
}

/** Every readable alias of both domains. */
export function allAliases(sam: HiveSource): SamAlias[] {
  const out: SamAlias[] = [];
  for (const domain of ['Builtin', 'Account'] as const) {
    const k = sam.key(`SAM\\Domains\\${domain}\\Aliases`);
    for (const sub of k ? k.subkeys() : []) {
      const a = aliasOf(sam, domain, sub);
      if (a) out.push(a);
    }
  }
  return out;
}
