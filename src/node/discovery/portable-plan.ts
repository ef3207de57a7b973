/**
 * Host plans across threads: a plan's files carry read functions, which cannot be cloned, so each file is sent as
 * its origin (a path, or an archive member's directory entry) and re-opened on the other side. A pool worker thus
 * reads only its own host's files, never re-running the discovery of the whole fleet.
 */
import type { HostPlan, PlannedAuxiliary, PlannedFile, PlannedHive } from '../../evidence/plan.js';
import type { VirtualFile } from '../../evidence/virtual-file.js';
import { zipMemberFile } from '../../evidence/zip/zip-collection.js';
import { diskFile, fileAccess, type FileOrigin } from './file-access.js';

interface PortableFile {
  readonly path: string;
  readonly relPath: string;
  readonly size: number;
  readonly origin: FileOrigin;
}

export type PortablePlan = Omit<HostPlan, 'hives' | 'auxiliary' | 'files'> & {
  readonly hives: (Omit<PlannedHive, 'file' | 'logs'> & { readonly file: PortableFile; readonly logs: readonly PortableFile[] })[];
  readonly auxiliary: (Omit<PlannedAuxiliary, 'file'> & { readonly file: PortableFile })[];
  readonly files?: (Omit<PlannedFile, 'file'> & { readonly file: PortableFile })[];
};

function portable(f: VirtualFile): PortableFile {
  if (!f.origin) throw new Error(`${f.path}: file has no origin to re-open it from`);
  return { path: f.path, relPath: f.relPath, size: f.size, origin: f.origin as FileOrigin };
}

/** Re-opened where it is loaded once (a pool worker): no bytes are kept for a second read. */
function revive(f: PortableFile): VirtualFile {
  const o = f.origin;
  return o.kind === 'disk' ? diskFile(o.abs, f.path, f.relPath, f.size, o.maxBytes, false) : zipMemberFile(f.path, o.entry, fileAccess(o.abs, o.size), o.limits, o);
}

export function toPortablePlan({ files, ...plan }: HostPlan): PortablePlan {
  return {
    ...plan,
    hives: plan.hives.map((h) => ({ ...h, file: portable(h.file), logs: h.logs.map(portable) })),
    auxiliary: plan.auxiliary.map((a) => ({ ...a, file: portable(a.file) })),
    ...(files ? { files: files.map((f) => ({ ...f, file: portable(f.file) })) } : {}),
  };
}

export function fromPortablePlan({ files, ...plan }: PortablePlan): HostPlan {
  return {
    ...plan,
    hives: plan.hives.map((h) => ({ ...h, file: revive(h.file), logs: h.logs.map(revive) })),
    auxiliary: plan.auxiliary.map((a) => ({ ...a, file: revive(a.file) })),
    ...(files ? { files: files.map((f) => ({ ...f, file: revive(f.file) })) } : {}),
  };
}
