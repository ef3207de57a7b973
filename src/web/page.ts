/**
 * The page's main thread: collects dropped or picked files (with their folder paths), hands them to the worker,
 * shows progress, the hosts found and the HTML report (sandboxed iframe), and offers every report file for
 * download through Blob URLs. It makes no request of its own.
 */
import { strToU8, zipSync } from 'fflate';
import workerSource from 'rdslic:worker-source';
import type { AnalyzeRequest, HostSummary, WorkerMessage } from './messages.js';
import type { PickedFile } from './picked-files.js';

/**
 * The preview frame is sandboxed without scripts and inherits this page's CSP, so the fleet index's filter and sort
 * script (the only bare `<script>` a report has; hive text in reports is escaped) is left out of the preview instead
 * of logging a blocked-script error. Downloads keep the files as written.
 */
function withoutScript(html: string): string {
  return html.replace(/<script>[\s\S]*?<\/script>/g, '');
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const drop = $<HTMLDivElement>('drop');
const pickFolder = $<HTMLInputElement>('pick-folder');
const pickFiles = $<HTMLInputElement>('pick-files');
const rerun = $<HTMLButtonElement>('rerun');
const progress = $<HTMLProgressElement>('progress');
const statusText = $<HTMLParagraphElement>('status-text');
const results = $<HTMLElement>('results');
const hostRows = $<HTMLTableSectionElement>('host-rows');
const downloads = $<HTMLUListElement>('downloads');
const viewSelect = $<HTMLSelectElement>('view-select');
const frame = $<HTMLIFrameElement>('report-frame');
const ignoredBox = $<HTMLDetailsElement>('ignored-box');
const ignoredList = $<HTMLUListElement>('ignored');

let lastFiles: PickedFile[] = [];
let worker: Worker | null = null;
let urls: string[] = [];

/** `--as-of` rules of the CLI (src/cli/commands/analyze.ts parseAsOf). */
function parseAsOf(s: string): string | undefined | Error {
  if (s.trim() === '') return undefined;
  const d = /^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(s.trim()) ? new Date(s.trim()) : new Date(NaN);
  if (Number.isNaN(d.getTime())) return new Error(`"As of" must be an ISO-8601 date or time (e.g. 2025-06-01 or 2025-06-01T12:00:00Z), not "${s}"`);
  return d.toISOString();
}

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  statusText.textContent = text;
  statusText.className = kind;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function blobUrl(content: string | Uint8Array, type: string): string {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  urls.push(url);
  return url;
}

const MIME: Record<string, string> = { html: 'text/html;charset=utf-8', md: 'text/markdown;charset=utf-8', json: 'application/json', csv: 'text/csv;charset=utf-8', jsonl: 'application/jsonl' };
const mimeOf = (name: string) => MIME[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

/** Fixed time stamp in the zip, so the same report gives the same archive. */
const ZIP_MTIME = new Date('2000-01-01T00:00:00Z');

function showResults(m: Extract<WorkerMessage, { type: 'done' }>): void {
  for (const u of urls) URL.revokeObjectURL(u);
  urls = [];
  hostRows.replaceChildren();
  downloads.replaceChildren();
  viewSelect.replaceChildren();
  ignoredList.replaceChildren();

  const sev = ['critical', 'high', 'medium', 'low', 'info'] as const;
  for (const h of m.hosts as HostSummary[]) {
    const tr = el('tr');
    tr.append(el('td', h.hostname), el('td', h.label), el('td', h.verdict.replace('-', ' '), `verdict verdict-${h.verdict}`));
    tr.append(el('td', sev.filter((s) => h.counts[s] > 0).map((s) => `${h.counts[s]} ${s}`).join(', ') || 'none'));
    tr.append(el('td', h.worst ?? ''));
    hostRows.append(tr);
  }

  const files = m.files;
  const zipped = zipSync(Object.fromEntries(files.map((f) => [f.fileName, [strToU8(f.content), { mtime: ZIP_MTIME }]])), { level: 6 });
  const all = el('li');
  const allLink = el('a', `all ${files.length} files (rdslic-reports.zip)`);
  allLink.href = blobUrl(zipped, 'application/zip');
  allLink.download = 'rdslic-reports.zip';
  all.append(allLink);
  downloads.append(all);
  for (const f of files) {
    const li = el('li');
    const a = el('a', f.fileName);
    a.href = blobUrl(f.content, mimeOf(f.fileName));
    a.download = f.fileName;
    a.dataset.file = f.fileName;
    li.append(a);
    downloads.append(li);
  }

  const pages = files.filter((f) => f.fileName.endsWith('.html')).map((f) => ({ fileName: f.fileName, content: withoutScript(f.content) }));
  for (const f of pages) {
    const o = el('option', f.fileName === 'index.html' ? 'All hosts (index.html)' : f.fileName);
    o.value = f.fileName;
    viewSelect.append(o);
  }
  viewSelect.onchange = () => {
    frame.srcdoc = pages.find((p) => p.fileName === viewSelect.value)?.content ?? '';
  };
  viewSelect.value = pages.some((p) => p.fileName === 'index.html') ? 'index.html' : (pages[0]?.fileName ?? '');
  frame.srcdoc = pages.find((p) => p.fileName === viewSelect.value)?.content ?? '';

  for (const i of m.ignored) ignoredList.append(el('li', `${i.path}: ${i.reason}`));
  for (const a of m.anomalies) ignoredList.append(el('li', a.message));
  ignoredBox.hidden = ignoredList.childElementCount === 0;

  results.hidden = false;
  const failed = m.failed.length ? ` ${m.failed.length} host(s) could not be read: ${m.failed.map((f) => `${f.label} (${f.error})`).join('; ')}.` : '';
  setStatus(`${m.hosts.length} host(s) analysed.${failed}`, m.failed.length ? 'error' : 'info');
  document.body.dataset.state = 'done';
}

function analyze(files: PickedFile[]): void {
  if (files.length === 0) return;
  const asOf = parseAsOf($<HTMLInputElement>('opt-asof').value);
  if (asOf instanceof Error) {
    setStatus(asOf.message, 'error');
    return;
  }
  lastFiles = files;
  rerun.disabled = false;
  worker?.terminate();
  const workerUrl = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const w = new Worker(workerUrl);
  worker = w;
  URL.revokeObjectURL(workerUrl);
  document.body.dataset.state = 'running';
  results.hidden = true;
  ignoredList.replaceChildren();
  ignoredBox.hidden = true;
  progress.hidden = false;
  progress.removeAttribute('value');
  setStatus(`Reading ${files.length} file(s)…`);
  const finish = () => {
    progress.hidden = true;
    w.terminate();
    if (worker === w) worker = null;
  };
  w.onmessage = (e: MessageEvent<WorkerMessage>) => {
    const m = e.data;
    if (m.type === 'progress') {
      progress.max = m.total;
      progress.value = m.done;
      setStatus(`Analysing: ${m.done} of ${m.total} host(s) done${m.label ? ` (last: ${m.label})` : ''}…`);
    } else if (m.type === 'done') {
      finish();
      if (m.hosts.length === 0) {
        setStatus(`No registry hives or .reg exports found in ${files.length} file(s).`, 'error');
        document.body.dataset.state = 'empty';
        for (const i of m.ignored) ignoredList.append(el('li', `${i.path}: ${i.reason}`));
        ignoredBox.hidden = ignoredList.childElementCount === 0;
        return;
      }
      showResults(m);
    } else {
      finish();
      setStatus(`The analysis failed: ${m.message}`, 'error');
      document.body.dataset.state = 'failed';
    }
  };
  w.onerror = (e) => {
    finish();
    setStatus(`The analysis failed: ${e.message}`, 'error');
    document.body.dataset.state = 'failed';
  };
  const req: AnalyzeRequest = {
    type: 'analyze',
    files,
    logs: $<HTMLInputElement>('opt-logs').checked,
    ...(asOf ? { asOf } : {}),
    ...($<HTMLInputElement>('opt-case').value ? { caseId: $<HTMLInputElement>('opt-case').value } : {}),
    ...($<HTMLInputElement>('opt-examiner').value ? { examiner: $<HTMLInputElement>('opt-examiner').value } : {}),
  };
  w.postMessage(req);
}

/** A folder picker's files carry their path below the picked folder's parent (`case/SYSTEM`); plain picks only a name. */
function fromInput(input: HTMLInputElement): PickedFile[] {
  return Array.from(input.files ?? [], (f) => ({ blob: f, path: f.webkitRelativePath || f.name }));
}

function readEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    // readEntries returns batches until an empty one.
    const next = () => reader.readEntries((batch) => (batch.length === 0 ? resolve(all) : (all.push(...batch), next())), reject);
    next();
  });
}

async function fromEntry(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ blob: file, path: entry.fullPath.replace(/^\/+/, '') });
  } else if (entry.isDirectory) {
    for (const child of await readEntries(entry as FileSystemDirectoryEntry)) await fromEntry(child, out);
  }
}

/** Dropped folders are walked through the entries API, so their files keep `folder/…` paths like a folder pick. */
async function fromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(dt.items, (i) => (i.kind === 'file' ? i.webkitGetAsEntry() : null)).filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return Array.from(dt.files, (f) => ({ blob: f, path: f.name }));
  const out: PickedFile[] = [];
  for (const e of entries) await fromEntry(e, out);
  return out;
}

pickFolder.addEventListener('change', () => analyze(fromInput(pickFolder)));
pickFiles.addEventListener('change', () => analyze(fromInput(pickFiles)));
rerun.addEventListener('click', () => analyze(lastFiles));
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (!e.dataTransfer) return;
  fromDrop(e.dataTransfer).then(analyze, (err: unknown) => setStatus(`The dropped items could not be read: ${err instanceof Error ? err.message : String(err)}`, 'error'));
});
// A file dropped outside the zone must not make the browser navigate away from the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());
document.body.dataset.state = 'ready';
