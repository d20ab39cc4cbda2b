import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { isInside } from '../model/paths';
import { redact } from '../model/redact';

const SOURCE_NAME = /\.(?:[cm]?[jt]sx?)$/i;
const MAX_EXCERPT_FILE_BYTES = 4 * 1024 * 1024;
const MAX_LINE = 200;

export interface Excerpt {
  start: number;
  lines: string[];
}

/**
 * Lines around a reported line, for the HTML report's code excerpts. Read only from what a scan
 * reads as source: a regular file (not a link, not a device) with a JavaScript or TypeScript
 * name, inside `root` also once links in its folders are resolved, within the size limit. A
 * merged shard naming `.env` or `../../etc/passwd` gets no excerpt. Each line is redacted whole,
 * then cut at 200 characters, so a cut cannot leave half a secret.
 */
export function sourceExcerptReader(root: string): (file: string, line: number) => Excerpt | undefined {
  const cache = new Map<string, string[] | null>();
  let realRoot: string | undefined;
  return (file, line) => {
    const path = resolve(root, file);
    let lines = cache.get(path);
    if (lines === undefined) {
      try {
        realRoot ??= realpathSync(root);
        lines = SOURCE_NAME.test(path) && isInside(root, path) && isInside(realRoot, realpathSync(path)) ? readSourceLines(path) : null;
      } catch {
        lines = null;
      }
      cache.set(path, lines);
    }
    if (!lines || !Number.isInteger(line) || line < 1) return undefined;
    const start = Math.max(1, line - 2);
    return { start, lines: lines.slice(start - 1, line + 2).map(excerptLine) };
  };
}

/** One line of code for a report: redacted, then cut (indentation kept). */
export function excerptLine(text: string): string {
  const redacted = redact(text.length > MAX_LINE + 4096 ? text.slice(0, MAX_LINE + 4096) : text);
  return redacted.length > MAX_LINE ? `${redacted.slice(0, MAX_LINE - 1)}…` : redacted;
}

function readSourceLines(path: string): string[] | null {
  if (!lstatSync(path).isFile()) return null;
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_EXCERPT_FILE_BYTES) return null;
    const buffer = Buffer.alloc(stat.size);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length).toString('utf8').split(/\r?\n/);
  } finally {
    closeSync(fd);
  }
}
