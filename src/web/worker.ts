/**
 * The page's Web Worker (bundled by scripts/build-web.ts and started from a Blob URL): reads the picked files with
 * FileReaderSync, hashes with WebCrypto (noble's SHA-256 where WebCrypto is unavailable), runs analyzePicked and
 * posts progress and the rendered report files back. Nothing here can reach the network.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import templates from 'rdslic:templates';
import { verdictOf, worstFinding } from '../report/host-view.js';
import { reportFileName } from '../report/file-names.js';
import { analyzePicked } from './analyze-picked.js';
import type { BlobRead } from './picked-files.js';
import type { AnalyzeRequest, HostSummary, WorkerMessage } from './messages.js';

interface SyncReader {
  readAsArrayBuffer(blob: Blob): ArrayBuffer;
}
declare const FileReaderSync: { new (): SyncReader };

interface WorkerScope {
  onmessage: ((e: MessageEvent<AnalyzeRequest>) => void) | null;
  postMessage(message: WorkerMessage): void;
}
const scope = self as unknown as WorkerScope;

const reader = new FileReaderSync();
const read: BlobRead = (blob, start, end) => new Uint8Array(reader.readAsArrayBuffer(blob.slice(start, end)));

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const subtle = globalThis.crypto?.subtle;
async function hash(bytes: Uint8Array): Promise<string> {
  if (subtle) return hex(new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
  return hex(sha256(bytes));
}

async function analyze(req: AnalyzeRequest): Promise<WorkerMessage> {
  const asOf = req.asOf ? new Date(req.asOf) : undefined;
  const r = await analyzePicked(req.files, { logs: req.logs, asOf, caseId: req.caseId, examiner: req.examiner }, {
    read,
    hash,
    templates,
    progress: (done, total, label) => scope.postMessage({ type: 'progress', done, total, label }),
  });
  const all = r.report?.hosts ?? [];
  const hosts: HostSummary[] = all.map((h, i) => ({
    hostname: h.hostname,
    label: h.label,
    verdict: verdictOf(h),
    counts: h.summary,
    worst: worstFinding(h)?.title ?? null,
    htmlFile: `${reportFileName(h.hostname, i, all.length)}.html`,
  }));
  return { type: 'done', hosts, files: r.files, ignored: r.ignored, anomalies: r.anomalies, failed: r.failed };
}

scope.onmessage = (e) => {
  analyze(e.data).then(
    (m) => scope.postMessage(m),
    (err: unknown) => scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
};
