import { closeSync, constants, lstatSync, openSync, readSync, writeSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { PiiflowUserError } from '../model/errors';
import { describeIoError } from '../model/read-file';
import { POLICY_FILE_NAME } from '../session/index';
import { SOURCE_EXTENSIONS } from './files';

const SOURCE_NAME = new RegExp(`\\.(?:${SOURCE_EXTENSIONS.join('|')})$`, 'i');

export interface ReportTargetOptions {
  /** The path as the user typed it, for messages. */
  display: string;
  /** Files that judged or fed this run (the policy files, the --baseline): never overwritten by a report. */
  protectedFiles?: readonly string[];
}

/**
 * Why a report must not be written at `target`, or undefined when it may: a report never replaces
 * a source file, a policy, a baseline, a file piiflow did not write (`package.json`), or anything
 * but a regular file, and is never written through a symbolic link (which could lead anywhere).
 * A file that does not exist yet may be created.
 */
export function reportTargetProblem(target: string, options: Omit<ReportTargetOptions, 'display'> = {}): string | undefined {
  const absolute = resolve(target);
  if (SOURCE_NAME.test(absolute)) return 'refusing to write a report over a JavaScript or TypeScript file';
  if (basename(absolute) === POLICY_FILE_NAME) return 'refusing to write a report over a policy file';
  if ((options.protectedFiles ?? []).some((file) => resolve(file) === absolute)) return 'refusing to write a report over a file this run reads (the policy or the baseline)';
  let stat;
  try {
    stat = lstatSync(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `cannot write the report: ${describeIoError(error)}`;
  }
  if (stat.isSymbolicLink()) return 'refusing to write a report through a symbolic link';
  if (!stat.isFile()) return 'refusing to write a report over something that is not a regular file';
  if (stat.size === 0) return undefined;
  const head = readHead(absolute);
  if (/"tool"\s*:\s*"piiflow"/.test(head) && /"violations"\s*:\s*\[/.test(head) && !/"flows"\s*:/.test(head)) return 'refusing to write a report over a baseline';
  if (!writtenByPiiflow(head)) return 'refusing to overwrite a file piiflow did not write';
  return undefined;
}

/** Throws a user error when a report must not be written at `target` (see `reportTargetProblem`). */
export function checkReportTarget(target: string, options: ReportTargetOptions): void {
  const problem = reportTargetProblem(target, options);
  if (problem) throw new PiiflowUserError(problem, { file: options.display }, 'choose another --output file name, or delete that file first if it is yours to lose');
}

/**
 * Writes a file without following a symbolic link at its name (`O_NOFOLLOW`: a link put there
 * between the check and the write is refused too). `exclusive` fails if the file exists at all
 * (`piiflow init` without --force).
 */
export function writeFileNoFollow(target: string, text: string, options: { display: string; exclusive?: boolean }): void {
  let fd: number;
  try {
    fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | (options.exclusive ? constants.O_EXCL : constants.O_TRUNC) | (constants.O_NOFOLLOW ?? 0), 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new PiiflowUserError('refusing to write through a symbolic link', { file: options.display }, 'remove the link, or choose another file name');
    if (code === 'EEXIST') throw new PiiflowUserError('the file exists (it may be a link to somewhere else): not overwritten', { file: options.display }, 'remove it first, or choose another file name');
    throw new PiiflowUserError(`cannot write: ${describeIoError(error)}`, { file: options.display });
  }
  try {
    const buffer = Buffer.from(text, 'utf8');
    for (let written = 0; written < buffer.length; ) written += writeSync(fd, buffer, written, buffer.length - written);
  } finally {
    closeSync(fd);
  }
}

/** The first 4 KiB of a file, as text. */
function readHead(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const buffer = Buffer.alloc(4096);
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** What each format piiflow writes starts with (or says near its start). */
function writtenByPiiflow(head: string): boolean {
  return (
    /^piiflow /.test(head) || // text
    /^\{\s*"version":\s*1,\s*"tool":\s*\{\s*"name":\s*"piiflow"/.test(head) || // json, inventory-json
    (/"\$schema":\s*"[^"]*sarif/.test(head) && /"name":\s*"piiflow"/.test(head)) || // sarif
    /^## piiflow/.test(head) || // markdown
    /^<!doctype html>[\s\S]*piiflow data-flow report/i.test(head) || // html
    /^vendor,vendorName,category,/.test(head) // inventory-csv
  );
}
