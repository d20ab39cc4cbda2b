import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { PiiflowUserError } from '../model/errors';
import type { ScanResult } from '../model/result';
import { renderReport, type Format } from '../report/index';
import { applyBaseline, readBaseline, type CacheStats } from '../scanner/index';
import { failsCheck } from '../model/verdicts';
import { EXIT, type Io } from './io';
import type { OptionValues } from './options';

/** Applies --baseline, writes every format asked for, and returns the exit code. */
export function report(result: ScanResult, formats: readonly Format[], outputs: readonly string[], values: OptionValues, target: string, root: string, io: Io): number {
  if (values.baseline) applyBaseline(result, readBaseline(resolve(io.cwd, values.baseline), values.baseline));
  formats.forEach((format, index) => {
    const output = outputs[index];
    const color = format === 'text' && io.isTty && !output && !values['no-color'] && !io.env['NO_COLOR'];
    const text = renderReport(format, result, { color, target, excerpt: excerptReader(root), ...(format === 'html' ? titleFacts(target, root, io.cwd) : {}) });
    if (output) writeReport(output, text, io);
    else io.stdout(text);
  });
  if (formats.some((format) => format !== 'text') || outputs.length) {
    for (const skipped of result.skipped) io.stderr(`piiflow: not analysed: ${skipped.file}${skipped.line ? `:${skipped.line}:${skipped.column}` : ''}: ${skipped.reason}\n`);
  }
  return failsCheck(result) ? EXIT.violations : EXIT.ok;
}

/**
 * What the HTML title says: the scanned folder's name (`webshop`, not `.`) and the commit the tree
 * is at, from git (nothing when it is not a repository). The commit's date, not today's, so two
 * runs on the same tree still give the same file.
 */
function titleFacts(target: string, root: string, cwd: string): { folder?: string; commit?: { id: string; date: string } } {
  let folder: string | undefined;
  try {
    const named = resolve(cwd, target);
    if (!target.includes(' ') && statSync(named).isDirectory()) folder = basename(named) || named;
  } catch {
    folder = undefined;
  }
  let commit: { id: string; date: string } | undefined;
  try {
    const [id, date] = execFileSync('git', ['log', '-1', '--format=%H %cs'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split(' ');
    if (id && date) commit = { id, date };
  } catch {
    commit = undefined;
  }
  return { ...(folder ? { folder } : {}), ...(commit ? { commit } : {}) };
}

/** Lines around a reported line, read only from inside the scanned folder. */
function excerptReader(root: string): (file: string, line: number) => { start: number; lines: string[] } | undefined {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    const path = resolve(root, file);
    if (relative(root, path).startsWith('..')) return undefined;
    let lines = cache.get(path);
    if (lines === undefined) {
      try {
        lines = readFileSync(path, 'utf8').split(/\r?\n/);
      } catch {
        lines = null;
      }
      cache.set(path, lines);
    }
    if (!lines) return undefined;
    const start = Math.max(1, line - 2);
    return { start, lines: lines.slice(start - 1, line + 2).map((text) => (text.length > 200 ? `${text.slice(0, 199)}…` : text)) };
  };
}

/** Writes where --output says; a source-file name is refused, so a typo cannot overwrite scanned code. */
export function writeReport(output: string, text: string, io: Io): void {
  const target = resolve(io.cwd, output);
  if (/\.(?:[cm]?[jt]sx?)$/.test(target)) {
    throw new PiiflowUserError('refusing to write a report over a JavaScript or TypeScript file', { file: output }, 'choose a .json, .txt or other report file name');
  }
  try {
    writeFileSync(target, text);
  } catch (error) {
    throw new PiiflowUserError(`cannot write the report: ${(error as Error).message}`, { file: output });
  }
}

export function showsProgress(io: Io): boolean {
  return Boolean(io.stderrIsTty) && !io.env['CI'] && !io.env['NO_PROGRESS'];
}

/** `piiflow: 1200/4000 files` on one line of stderr, redrawn at most ten times a second, erased at the end. */
export function progressLine(io: Io): { discovered: (files: readonly string[]) => void; file: (done: number, total: number) => void; done: () => void } {
  let last = 0;
  let shown = false;
  return {
    discovered: (files) => {
      io.stderr(`\rpiiflow: reading ${files.length} files…`);
      shown = true;
    },
    file: (done, total) => {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      io.stderr(`\rpiiflow: analysing ${done}/${total} files\u001b[K`);
      shown = true;
    },
    done: () => {
      if (shown) io.stderr('\r\u001b[K');
    },
  };
}

/** What the cache did, for stderr: `piiflow: cache .piiflowcache: 6620 files reused, 4 analysed`. */
export function cacheLine(stats: CacheStats, cwd: string): string {
  const where = relative(cwd, stats.location) || stats.location;
  const line = `piiflow: cache ${where}: ${stats.reused} file${stats.reused === 1 ? '' : 's'} reused, ${stats.analysed} analysed${stats.reset ? ` (started afresh: ${stats.reset})` : ''}\n`;
  return stats.notWritten ? `${line}piiflow: warning: the cache could not be written (${stats.notWritten}); the next scan will analyse again what changed since the last one written\n` : line;
}
