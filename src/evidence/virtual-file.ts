/**
 * A file as discovery sees it, whatever holds it: a directory walked on disk, a zip member, a browser's dropped
 * file. Only `read` and `head` touch bytes; a list of these holds none, so a fleet can be planned in little memory.
 */
export interface VirtualFile {
  /** Path shown to the user: as given on disk, or `archive.zip!/inner/path` for zip members. */
  readonly path: string;
  /** '/'-separated path below the collection's root, as stored (zip names keep their %-encoding here). */
  readonly relPath: string;
  readonly size: number;
  /** The whole file; throws on I/O errors and zip limits (callers record the message). */
  read(): Uint8Array;
  /** The first `length` bytes (fewer for shorter files), without reading the rest. */
  head(length: number): Uint8Array;
  /**
   * Opaque to the core: where the edge that made this file can find it again as plain data (a path, an archive
   * member), so a plan can cross to a worker thread and be re-opened there without a second discovery.
   */
  readonly origin?: unknown;
}

/** One input: a directory, a zip archive, or the loose files named on the command line. */
export interface Collection {
  /** Folder or archive name: the default host label. */
  readonly name: string;
  /** Where it is, for messages (`/cases/kape`, `collection.zip`). */
  readonly location: string;
  /** Loose files given one by one form a single flat group whatever their folders. */
  readonly loose?: boolean;
  /** An archive: when it holds a single host, the host is named after the archive, not its inner folder. */
  readonly archive?: boolean;
  readonly files: readonly VirtualFile[];
}

/** A file left out, with the reason (never silently dropped). */
export interface IgnoredFile {
  readonly path: string;
  readonly reason: string;
}
