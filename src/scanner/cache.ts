import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { FoundFile } from '../session/index';
import { PiiflowUserError, describeIoError } from '../model/errors';
import { jsonProblem } from '../model/json-input';
import { READ_LIMITS, readRegularFile, readRegularText } from '../model/read-file';

/**
 * The scan cache (`piiflow scan --cache`): what each file sends, before any policy judged it,
 * kept from one scan to the next. A file's entry is reused only when the file, every module it
 * imports (however deep), what those imports resolve to, the catalog, the policy's declared
 * anonymizers and piiflow itself are unchanged; verdicts are always recomputed, since they depend
 * on the policy and on today's date (an ignore's `expires`).
 */

/** Written first in the file, so that a file that is not ours is recognised before anything is overwritten. */
const MAGIC = 'piiflow-scan-cache';
const FORMAT = 1;
/** A file modified this close to the moment the cache was written may have changed within the same mtime: its content is checked. */
const RACY_MS = 2000;

/** What a file came to, in a form that can be stored. Transient outcomes (unreadable, timed out) are never stored. */
export type CachedOutcome =
  /** Not source code (too large, binary, minified): the reason. */
  | { kind: 'not-source'; reason: string }
  | { kind: 'syntax-error'; message: string; line: number; column: number }
  /** Parsed; reaches no SDK and has no suppression comment. */
  | ({ kind: 'quiet' } & ImportsNotResolved)
  | ({ kind: 'found'; found: FoundFile } & ImportsNotResolved);

/** The file's imports of app code that lead to no file (see ModuleGraph.unresolvedReason), kept with its outcome. */
export interface ImportsNotResolved {
  unresolved?: { line: number; column: number; specifier: string; reason: string }[];
}

interface FileRecord {
  size: number;
  mtimeMs: number;
  /** Of the file's bytes. */
  hash: string;
  /** Import specifiers in the text (a scan, not a parse), for the closure of what the file depends on. */
  imports: string[];
  /** The dependency key `outcome` was computed under. */
  key?: string;
  outcome?: CachedOutcome;
}

interface CacheData {
  format: typeof MAGIC;
  version: typeof FORMAT;
  /** piiflow's version and code, the catalog, the size limit: any change empties the cache. */
  key: string;
  savedAt: number;
  /** What the stored resolutions depend on. */
  resolution: { environment: string; consulted: string[]; outside: string[] };
  resolutions: [string, string | null][];
  files: Record<string, FileRecord>;
}

export interface CacheStats {
  location: string;
  /** Files whose outcome came from the cache. */
  reused: number;
  /** Files analysed (or checked) afresh. */
  analysed: number;
  /** Why the cache started empty, when it did and a cache file was there. */
  reset?: string;
  /** Why the cache could not be written (the scan's result is complete all the same). */
  notWritten?: string;
}

/** A content hash: fast and well distributed; not a security boundary (the cache is the user's own file). */
export function contentHash(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('base64url');
}

export class ScanCache {
  private readonly files = new Map<string, FileRecord>();
  private readonly previous: CacheData | undefined;
  private dirty = false;
  readonly stats: CacheStats;

  private constructor(
    readonly location: string,
    private readonly key: string,
    loaded: CacheData | undefined,
    reset: string | undefined,
  ) {
    this.stats = { location, reused: 0, analysed: 0, ...(reset ? { reset } : {}) };
    if (loaded?.key === key) {
      this.previous = loaded;
      for (const [path, record] of Object.entries(loaded.files)) this.files.set(path, record);
    } else if (loaded) {
      this.stats.reset = 'piiflow, its catalog or the size limit changed since the cache was written';
      this.dirty = true;
    }
  }

  /**
   * Opens the cache at `location` (it need not exist). Refuses a file that is not a piiflow cache,
   * so that a mistyped location never overwrites the user's data; a damaged cache of ours is
   * started afresh, and the stats say so.
   */
  static open(location: string, key: string, now: number = Date.now()): ScanCache {
    try {
      lstatSync(location);
    } catch (error) {
      // No cache yet (or its folder cannot exist: then writing it fails later, with a warning).
      if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return new ScanCache(location, key, undefined, undefined);
      throw new PiiflowUserError(`cannot read the cache: ${describeIoError(error)}`, { file: location }, 'choose another --cache-location');
    }
    // A regular file within the limit: a committed `.piiflowcache -> /dev/zero` or a pipe is refused, not read.
    const text = readRegularText(location, { maxBytes: READ_LIMITS.cache, what: 'cache', tooLargeHint: 'delete it; the next scan --cache writes a fresh one' });
    if (!text.startsWith(`{"format":"${MAGIC}"`)) {
      throw new PiiflowUserError('this file is not a piiflow cache; refusing to overwrite it', { file: location }, 'choose another --cache-location, or delete the file if it is yours to lose');
    }
    let data: CacheData;
    try {
      data = JSON.parse(text) as CacheData;
    } catch {
      return new ScanCache(location, key, undefined, 'the cache file was damaged (cut short or edited)');
    }
    if (data.version !== FORMAT) return new ScanCache(location, key, undefined, `written in another format (${String(data.version)})`);
    // A hand-edited record (an unknown outcome `kind`, `found: {}`) would lose a file's flows: the whole cache starts afresh.
    const problem = jsonProblem('scan cache', data);
    if (problem) return new ScanCache(location, key, undefined, `the cache file was damaged (cut short or edited; ${problem})`);
    if (data.savedAt > now + RACY_MS) return new ScanCache(location, key, undefined, 'the cache says it was written in the future (the clock changed, or the file was edited)');
    return new ScanCache(location, key, data, undefined);
  }

  /**
   * Stored resolutions, if what they depend on is unchanged: the list of scanned files (a file
   * added or removed can change what `./x` means), the configuration files consulted, and the
   * folders of imported files outside the scanned ones.
   */
  validResolutions(scanned: readonly string[]): [string, string | null][] {
    const stored = this.previous?.resolution;
    if (!stored) return [];
    return environmentOf(scanned, stored.consulted, stored.outside) === stored.environment ? this.previous!.resolutions : [];
  }

  /** The record of a file whose size and modification time are unchanged (and not too recent to trust), without reading it. */
  unchanged(path: string, stat: { size: number; mtimeMs: number }): FileRecord | undefined {
    const record = this.files.get(path);
    if (!record || record.size !== stat.size || record.mtimeMs !== stat.mtimeMs) return undefined;
    if (!this.previous || record.mtimeMs >= this.previous.savedAt - RACY_MS) return undefined;
    return record;
  }

  /** The record of a file just read: the stored one when the content is the same (its outcome kept), else a new one. */
  observe(path: string, stat: { size: number; mtimeMs: number }, hash: string, imports: () => string[]): FileRecord {
    const record = this.files.get(path);
    if (record && record.hash === hash) {
      if (record.size !== stat.size || record.mtimeMs !== stat.mtimeMs) {
        record.size = stat.size;
        record.mtimeMs = stat.mtimeMs;
        this.dirty = true;
      }
      return record;
    }
    const fresh: FileRecord = { size: stat.size, mtimeMs: stat.mtimeMs, hash, imports: imports() };
    this.files.set(path, fresh);
    this.dirty = true;
    return fresh;
  }

  /** The stored outcome of a file, if it was computed under the same dependency key. */
  outcome(path: string, key: string): CachedOutcome | undefined {
    const record = this.files.get(path);
    const outcome = record?.key === key ? record.outcome : undefined;
    if (outcome) this.stats.reused++;
    return outcome;
  }

  store(path: string, key: string, outcome: CachedOutcome | undefined): void {
    this.stats.analysed++;
    const record = this.files.get(path);
    if (!record) return;
    if (outcome) {
      record.key = key;
      record.outcome = outcome;
    } else {
      delete record.key;
      delete record.outcome;
    }
    this.dirty = true;
  }

  /**
   * Writes the cache next to where it will live and renames it into place, so that an
   * interrupted scan never leaves half a file. Records of files neither scanned nor imported
   * this time are dropped.
   */
  save(scanned: readonly string[], resolutions: [string, string | null][], consulted: Iterable<string>, keep: ReadonlySet<string>): void {
    const consultedList = [...new Set([...(this.previous?.resolution.consulted ?? []), ...consulted])].sort();
    const scannedSet = new Set(scanned);
    const outside = [...new Set(resolutions.flatMap(([, target]) => (target && !scannedSet.has(target) ? [dirname(target)] : [])))].sort();
    const environment = environmentOf(scanned, consultedList, outside);
    if (!this.dirty && environment === this.previous?.resolution.environment && resolutions.length === this.previous.resolutions.length) return;
    const files: Record<string, FileRecord> = {};
    for (const [path, record] of this.files) if (keep.has(path)) files[path] = record;
    const data: CacheData = {
      format: MAGIC,
      version: FORMAT,
      key: this.key,
      savedAt: Date.now(),
      resolution: { environment, consulted: consultedList, outside },
      resolutions,
      files,
    };
    const temporary = join(dirname(this.location), `.${basename(this.location)}.${process.pid}.tmp`);
    try {
      mkdirSync(dirname(this.location), { recursive: true });
      writeFileSync(temporary, JSON.stringify(data));
      renameSync(temporary, this.location);
    } catch (error) {
      // The scan's result stands; the next scan simply finds less to reuse.
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Its folder does not exist either: nothing was left behind.
      }
      this.stats.notWritten = describeIoError(error);
    }
  }
}

/**
 * The files module resolution reads, and so the only ones whose content a cache may ask to hash
 * again: manifests and compiler configurations (JSON) and candidate source files, by absolute path.
 * Anything else a cache lists (`/etc/shadow`, a folder) is only looked at with `stat`, never opened.
 */
const CONSULTED_NAME = /\.(?:json|[cm]?[jt]sx?)$/;
function mayRead(path: string): boolean {
  return isAbsolute(path) && CONSULTED_NAME.test(path) && !path.split(/[\\/]/).includes('..');
}

/** A hash of everything resolutions depend on besides the files' contents. */
function environmentOf(scanned: readonly string[], consulted: readonly string[], outside: readonly string[]): string {
  const hash = createHash('sha1');
  for (const path of [...scanned].sort()) hash.update(`${path}\n`);
  hash.update('\u0000');
  for (const path of consulted) hash.update(`${path}\u0001${fileState(path)}\n`);
  hash.update('\u0000');
  for (const directory of outside) hash.update(`${directory}\u0001${listing(directory)}\n`);
  return hash.digest('base64url');
}

function fileState(path: string): string {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return stat.isDirectory() ? 'folder' : 'other';
    if (!mayRead(path)) return `file ${stat.size} ${stat.mtimeMs}`;
    return contentHash(readRegularFile(path, { maxBytes: READ_LIMITS.json, what: 'configuration file' }));
  } catch {
    return 'missing';
  }
}

function listing(directory: string): string {
  try {
    return readdirSync(directory).sort().join('/');
  } catch {
    return 'missing';
  }
}
