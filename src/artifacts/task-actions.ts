/**
 * The TaskCache `Actions` value (SOFTWARE `…\Schedule\TaskCache\Tasks\{GUID}`): the task's actions as the Task
 * Scheduler service serialises them.
 *
 *   u16 version (1–3)
 *   version ≥ 3: context = bstr (the principal id the actions run as, e.g. `Author`, `LocalSystem`)
 *   then actions until the end, each: u16 type, id = bstr, and by type
 *     0x6666 exec:        command, arguments, workingDirectory (bstr); version ≥ 3: u16 flags
 *     0x7777 COM handler: CLSID (16 bytes, GUID layout), data (bstr)
 *     0x8888 e-mail:      from, to, cc, bcc, replyTo, server, subject, body (bstr); u32 n + n attachment paths;
 *                         u32 n + n (name, value) header pairs
 *     0x9999 message box: caption, content (bstr)
 *   bstr = u32 byte length + UTF-16LE text (no terminator).
 *
 * Sources: the layout documented by G DATA's "Windows Registry Analysis – Today's Episode: Tasks" (cyber.wtf, 2022,
 * Windows 10 1909 with Windows 7 SP1 checks) and the action types of MS-TSCH §2.5.7. E-mail and message-box
 * actions are deprecated since Windows 8; their layout here is from that source only (unverified on a real blob).
 */
import type { Anomaly } from '../view/anomaly.js';
import { ByteReader } from './bytes.js';
import { blobAnomaly } from './types.js';

export const ACTION_EXEC = 0x6666;
export const ACTION_COM = 0x7777;
export const ACTION_EMAIL = 0x8888;
export const ACTION_MESSAGE = 0x9999;
/** MS-TSCH allows 32 actions per task; a little slack for odd writers, then stop. */
export const MAX_TASK_ACTIONS = 64;
const MAX_LIST = 64;

export interface ExecAction {
  readonly kind: 'exec';
  readonly id: string;
  readonly command: string;
  readonly arguments: string;
  readonly workingDirectory: string;
  readonly flags?: number;
}
export interface ComHandlerAction {
  readonly kind: 'com';
  readonly id: string;
  readonly clsid: string;
  readonly data: string;
}
export interface EmailAction {
  readonly kind: 'email';
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly cc: string;
  readonly bcc: string;
  readonly replyTo: string;
  readonly server: string;
  readonly subject: string;
  readonly body: string;
  readonly attachments: string[];
  readonly headers: { readonly name: string; readonly value: string }[];
}
export interface MessageAction {
  readonly kind: 'message';
  readonly id: string;
  readonly caption: string;
  readonly content: string;
}
export type TaskAction = ExecAction | ComHandlerAction | EmailAction | MessageAction;

export interface TaskActions {
  readonly version: number;
  /** The principal id the actions run as (version ≥ 3), or null. */
  readonly context: string | null;
  readonly actions: TaskAction[];
  /** True when the blob was read to its end without a problem. */
  readonly complete: boolean;
}

/** Formats 16 GUID bytes (Data1–3 little-endian) as `{XXXXXXXX-XXXX-…}`. */
export function guidString(b: Uint8Array, off = 0): string | null {
  if (off < 0 || off + 16 > b.length) return null;
  const h = (i: number) => b[off + i].toString(16).padStart(2, '0');
  const s = (idx: number[]) => idx.map(h).join('');
  return `{${s([3, 2, 1, 0])}-${s([5, 4])}-${s([7, 6])}-${s([8, 9])}-${s([10, 11, 12, 13, 14, 15])}}`.toUpperCase();
}

/**
 * Parses an Actions blob. Never throws: a problem ends the walk with an anomaly (offset = the vk cell when given,
 * the position inside the blob in the message) and the actions read so far are kept.
 */
export function parseTaskActions(bytes: Uint8Array, anomalies: Anomaly[] = [], offset?: number): TaskActions {
  const r = new ByteReader(bytes);
  let pos = 0;
  const fail = (msg: string) => anomalies.push(blobAnomaly('task-actions-invalid', 'Actions', msg, offset));
  const bstr = (what: string): string | null => {
    const n = r.u32(pos);
    if (n === null || !r.fits(pos + 4, n)) {
      fail(`Actions blob offset ${pos}: ${what} length ${n ?? '(missing)'} runs past the ${bytes.length}-byte blob`);
      return null;
    }
    const s = r.utf16(pos + 4, n)!;
    pos += 4 + n;
    return s;
  };
  const version = r.u16(0);
  if (version === null) {
    fail(`Actions blob holds ${bytes.length} bytes, too few for a version`);
    return { version: 0, context: null, actions: [], complete: false };
  }
  pos = 2;
  let context: string | null = null;
  if (version >= 3) {
    context = bstr('context');
    if (context === null) return { version, context, actions: [], complete: false };
  }
  const actions: TaskAction[] = [];
  while (pos < bytes.length) {
    if (actions.length >= MAX_TASK_ACTIONS) {
      fail(`Actions blob offset ${pos}: more than ${MAX_TASK_ACTIONS} actions; the rest is not read`);
      return { version, context, actions, complete: false };
    }
    const at = pos;
    const type = r.u16(pos);
    if (type === null) {
      fail(`Actions blob offset ${pos}: a stray byte where an action type should start`);
      return { version, context, actions, complete: false };
    }
    pos += 2;
    const a = readAction(type, version, r, () => pos, (p) => (pos = p), bstr, fail);
    if (a === 'unknown') {
      fail(`Actions blob offset ${at}: unknown action type 0x${type.toString(16)}; the rest is not read`);
      return { version, context, actions, complete: false };
    }
    if (a === null) return { version, context, actions, complete: false };
    actions.push(a);
  }
  return { version, context, actions, complete: true };
}

function readAction(
  type: number,
  version: number,
  r: ByteReader,
  getPos: () => number,
  setPos: (p: number) => void,
  bstr: (what: string) => string | null,
  fail: (msg: string) => void,
): TaskAction | null | 'unknown' {
  if (type !== ACTION_EXEC && type !== ACTION_COM && type !== ACTION_EMAIL && type !== ACTION_MESSAGE) return 'unknown';
  const id = bstr('action id');
  if (id === null) return null;
  if (type === ACTION_EXEC) {
    const command = bstr('command');
    const args = command === null ? null : bstr('arguments');
    const wd = args === null ? null : bstr('working directory');
    if (command === null || args === null || wd === null) return null;
    let flags: number | undefined;
    if (version >= 3) {
      const f = r.u16(getPos());
      if (f === null) return { kind: 'exec', id, command, arguments: args, workingDirectory: wd };
      flags = f;
      setPos(getPos() + 2);
    }
    return { kind: 'exec', id, command, arguments: args, workingDirectory: wd, ...(flags !== undefined ? { flags } : {}) };
  }
  if (type === ACTION_COM) {
    const clsid = guidString(r.bytes, getPos());
    if (clsid === null) {
      fail(`Actions blob offset ${getPos()}: the COM handler's CLSID runs past the ${r.length}-byte blob`);
      return null;
    }
    setPos(getPos() + 16);
    const data = bstr('COM handler data');
    return data === null ? null : { kind: 'com', id, clsid, data };
  }
  if (type === ACTION_MESSAGE) {
    const caption = bstr('caption');
    const content = caption === null ? null : bstr('content');
    return caption === null || content === null ? null : { kind: 'message', id, caption, content };
  }
  const fields: string[] = [];
  for (const f of ['from', 'to', 'cc', 'bcc', 'reply-to', 'server', 'subject', 'body']) {
    const s = bstr(f);
    if (s === null) return null;
    fields.push(s);
  }
  const list = (what: string): number | null => {
    const n = r.u32(getPos());
    if (n === null || n > MAX_LIST) {
      fail(`Actions blob offset ${getPos()}: e-mail ${what} ${n ?? '(missing)'} is not a count of at most ${MAX_LIST}`);
      return null;
    }
    setPos(getPos() + 4);
    return n;
  };
  const na = list('attachment count');
  if (na === null) return null;
  const attachments: string[] = [];
  for (let i = 0; i < na; i++) {
    const s = bstr('attachment');
    if (s === null) return null;
    attachments.push(s);
  }
  const nh = list('header count');
  if (nh === null) return null;
  const headers: { name: string; value: string }[] = [];
  for (let i = 0; i < nh; i++) {
    const name = bstr('header name');
    const value = name === null ? null : bstr('header value');
    if (name === null || value === null) return null;
    headers.push({ name, value });
  }
  const [from, to, cc, bcc, replyTo, server, subject, body] = fields;
  return { kind: 'email', id, from, to, cc, bcc, replyTo, server, subject, body, attachments, headers };
}
