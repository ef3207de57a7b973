/**
 * The metadata Velociraptor writes beside `uploads/` (reporting/container.go, flows/): `client_info.json` (the
 * `info()` row: Hostname, Fqdn…), `uploads.json` (JSON lines with the unescaped `_Components` of each upload), and
 * the layout of encrypted offline collections (`data.zip`, password-protected, with `metadata.json` holding the
 * scheme and the encrypted password). Hostile input like every file of a collection: read bounded, parsed leniently.
 */
import type { VirtualFile } from './virtual-file.js';

/** Metadata files are small; anything larger is not read. */
const MAX_METADATA_BYTES = 4 * 1024 * 1024;
const MAX_LABEL = 128;
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Collection metadata files discovery reads, with the reason they are listed as not evidence. */
export const COLLECTION_METADATA: ReadonlyMap<string, string> = new Map([
  ['client_info.json', 'Velociraptor client information: the host label comes from it'],
  ['uploads.json', 'Velociraptor upload index: the original paths of the uploads come from it'],
]);

function readText(file: VirtualFile): string | null {
  if (file.size > MAX_METADATA_BYTES) return null;
  try {
    return utf8.decode(file.read());
  } catch {
    return null;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A label safe to show: control characters dropped, bounded length; null when nothing is left. */
function cleanLabel(s: unknown): string | null {
  if (typeof s !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '').trim().slice(0, MAX_LABEL);
  return t === '' ? null : t;
}

/** The host label from `client_info.json`: its `Hostname`, else its `Fqdn`; null when neither is there. */
export function clientInfoLabel(file: VirtualFile): string | null {
  const text = readText(file);
  if (text === null) return null;
  let row = parseJson(text);
  if (Array.isArray(row)) row = row[0]; // some exports write the row as a one-element array
  if (!isRecord(row)) return null;
  return cleanLabel(row.Hostname) ?? cleanLabel(row.Fqdn);
}

/** Joins path components as Windows shows them; a device component (`\\.\C:`) keeps its own backslashes. */
function windowsPath(components: readonly string[]): string {
  return components.join('\\');
}

/** Key of an upload below `uploads/`: the unescaped components from the accessor on. */
const uploadKey = (fromAccessor: readonly string[]) => fromAccessor.join('\u0000');

/**
 * `uploads.json` → original path on the endpoint for each upload, keyed by its components below `uploads/`
 * (accessor first). Rows without `_Components`, index rows (`Type: "idx"`) and unparseable lines are skipped.
 */
export function uploadOriginalPaths(file: VirtualFile): Map<string, string> {
  const out = new Map<string, string>();
  const text = readText(file);
  if (text === null) return out;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const row = parseJson(line);
    if (!isRecord(row) || row.Type === 'idx') continue;
    const comps = row._Components;
    if (!Array.isArray(comps) || !comps.every((c): c is string => typeof c === 'string')) continue;
    const at = comps.lastIndexOf('uploads');
    if (at < 0 || comps.length - at < 3) continue;
    // Newer file stores keep the endpoint's own components apart from the store's (vql/server/downloads).
    const client = row._client_components;
    const original = Array.isArray(client) && client.every((c) => typeof c === 'string') ? (client as string[]) : comps.slice(at + 2);
    out.set(uploadKey(comps.slice(at + 1)), windowsPath(original));
  }
  return out;
}

/** The key to look a member up in uploadOriginalPaths, from its decoded path components starting at `uploads`. */
export function memberUploadKey(fromUploads: readonly string[]): string | null {
  if (fromUploads[0] !== 'uploads' || fromUploads.length < 3) return null;
  return uploadKey(fromUploads.slice(1));
}

/**
 * An encrypted offline collection holds, at its root, only `data.zip` (password-protected) and `metadata.json`
 * (absent for the Password scheme): returns the one line saying how to open it, or null for any other collection.
 */
export function encryptedCollectionHint(files: readonly VirtualFile[], archiveName: string): string | null {
  const names = files.map((f) => f.relPath);
  if (!names.includes('data.zip') || !names.every((n) => n === 'data.zip' || n === 'metadata.json')) return null;
  const meta = files.find((f) => f.relPath === 'metadata.json');
  let scheme: string | null = null;
  if (meta) {
    const text = readText(meta);
    const rows = text === null ? undefined : parseJson(text);
    for (const r of Array.isArray(rows) ? rows : [rows]) if (isRecord(r) && typeof r.Scheme === 'string') scheme = r.Scheme;
  }
  // Without a scheme to go by, only a member that really is password-protected makes this an encrypted container.
  if (scheme === null && !isEncryptedMember(files.find((f) => f.relPath === 'data.zip')!)) return null;
  const cmd = `velociraptor --config server.config.yaml decrypt ${archiveName} decrypted.zip`;
  if (scheme !== null && /^password$/i.test(scheme)) {
    return `encrypted Velociraptor collection (Password scheme): open data.zip with the collection's password, or run \`${cmd}\`, then analyse the result`;
  }
  if (meta === undefined) return `encrypted Velociraptor collection (data.zip has a password): open it with the collection's password, then analyse the result`;
  const how = scheme ? ` (${cleanLabel(scheme) ?? 'unknown'} scheme)` : '';
  return `encrypted Velociraptor collection${how}: decrypt it on the server with \`${cmd}\`, then analyse decrypted.zip`;
}

function isEncryptedMember(file: VirtualFile): boolean {
  try {
    file.head(4);
    return false;
  } catch (e) {
    return /encrypted/i.test(e instanceof Error ? e.message : String(e));
  }
}

/** `clients/<ClientId>/collections/<FlowId>` of the server's file store: the label `<ClientId>/<FlowId>`. */
export function fileStoreLabel(machine: readonly string[]): string | null {
  const n = machine.length;
  if (n >= 4 && machine[n - 4] === 'clients' && /^C\.[0-9a-f]+$/i.test(machine[n - 3]) && machine[n - 2] === 'collections' && /^F\.[0-9A-Z]+$/i.test(machine[n - 1])) {
    return `${machine[n - 3]}/${machine[n - 1]}`;
  }
  return null;
}
