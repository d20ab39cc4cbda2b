import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { PiiflowUserError, describeIoError } from './errors';

/** Limits for what piiflow reads as configuration or input, and for a source file read alone (`explain`). */
export const READ_LIMITS = {
  /** A source file `explain` reads: the scan's default --max-file-size. */
  source: 2 * 1024 * 1024,
  /** A policy or a catalog file: the largest real ones are a few KiB. */
  policy: 1024 * 1024,
  catalog: 1024 * 1024,
  /** A baseline, a JSON scan or a shard: one line per violation or flow. */
  json: 256 * 1024 * 1024,
  /** The scan cache: a record per file of a large monorepo. */
  cache: 1024 * 1024 * 1024,
} as const;

export interface ReadOptions {
  /** The largest file accepted, in bytes. */
  maxBytes: number;
  /** The path as the user should see it. */
  display?: string;
  /** What the file is, for messages: "policy", "baseline", "cache". */
  what?: string;
  /** The hint when the file is too large. */
  tooLargeHint?: string;
}

/**
 * The bytes of a regular file, at most `maxBytes` of them. A device (`/dev/zero`), a pipe (a FIFO
 * blocks the reader until someone writes), a socket or a folder is refused with a user error, also
 * when a symbolic link leads to it; so is a file over the limit, before it is read. The file is
 * opened non-blocking and checked on the open descriptor, so that a file swapped between a check
 * and the read is still caught.
 */
export function readRegularFile(path: string, options: ReadOptions): Buffer {
  const display = options.display ?? path;
  const what = options.what ?? 'file';
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new PiiflowUserError(`cannot read the ${what}: ${describeIoError(error)}`, { file: display });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      const kind = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a pipe' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'not a regular file';
      throw new PiiflowUserError(`the ${what} is ${kind}, not a regular file: not read`, { file: display }, `point piiflow at a regular ${what} file`);
    }
    if (stat.size > options.maxBytes) {
      throw new PiiflowUserError(`the ${what} is ${formatSize(stat.size)}, over the limit of ${formatSize(options.maxBytes)}: not read`, { file: display }, options.tooLargeHint ?? `a ${what} this large is not one piiflow wrote; check the file`);
    }
    // The size may grow after the check (a file being written): read at most one byte more than allowed.
    const buffer = Buffer.allocUnsafe(Math.min(options.maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > options.maxBytes) {
      throw new PiiflowUserError(`the ${what} is over the limit of ${formatSize(options.maxBytes)}: not read`, { file: display }, options.tooLargeHint ?? `a ${what} this large is not one piiflow wrote; check the file`);
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof PiiflowUserError) throw error;
    throw new PiiflowUserError(`cannot read the ${what}: ${describeIoError(error)}`, { file: display });
  } finally {
    closeSync(fd);
  }
}

/** `readRegularFile` decoded as UTF-8, a byte-order mark dropped. */
export function readRegularText(path: string, options: ReadOptions): string {
  const text = readRegularFile(path, options).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export { describeIoError };
