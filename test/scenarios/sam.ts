/** A SAM hive with Builtin aliases, their `C` values laid out as RegRipper's samparse reads them (sam-aliases.ts). */
import { encodeSid } from '../../src/regf-writer/sid.js';
import type { TreeKey } from '../../src/view/tree-view.js';
import { daysBefore, HiveBuilder } from './builder.js';
import { IMAGE_TIME } from './host.js';

export interface AliasSpec {
  rid: number;
  name: string;
  members: string[];
  comment?: string;
}

/** Alias `C` value: 13-DWORD header (RID, name/comment/member offsets and lengths, member count), then the data. */
export function aliasC(a: AliasSpec): Uint8Array {
  const utf16 = (s: string) => {
    const b = new Uint8Array(s.length * 2);
    for (let i = 0; i < s.length; i++) new DataView(b.buffer).setUint16(i * 2, s.charCodeAt(i), true);
    return b;
  };
  const name = utf16(a.name);
  const comment = utf16(a.comment ?? '');
  const sids = a.members.map(encodeSid);
  const membersLen = sids.reduce((n, s) => n + s.length, 0);
  const pad = (n: number) => (n + 3) & ~3;
  const nameOff = 0;
  const commentOff = pad(name.length);
  const membersOff = commentOff + pad(comment.length);
  const out = new Uint8Array(0x34 + membersOff + membersLen);
  const dv = new DataView(out.buffer);
  const header = [a.rid, 0x10003, 0, 0, nameOff, name.length, 0, commentOff, comment.length, 0, membersOff, membersLen, sids.length];
  header.forEach((v, i) => dv.setUint32(i * 4, v, true));
  out.set(name, 0x34 + nameOff);
  out.set(comment, 0x34 + commentOff);
  let p = 0x34 + membersOff;
  for (const s of sids) {
    out.set(s, p);
    p += s.length;
  }
  return out;
}

export function samBuilder(aliases: AliasSpec[]): HiveBuilder {
  const sam = new HiveBuilder('SAM', daysBefore(IMAGE_TIME, 2));
  sam.key('SAM\\Domains\\Account\\Users');
  for (const a of aliases) sam.binary(`SAM\\Domains\\Builtin\\Aliases\\${a.rid.toString(16).toUpperCase().padStart(8, '0')}`, 'C', aliasC(a));
  return sam;
}

export function samWithAliases(aliases: AliasSpec[]): TreeKey {
  return samBuilder(aliases).root;
}
