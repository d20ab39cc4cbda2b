import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { printable } from '../model/redact';
import type { ScanResult } from '../model/result';
import { failsCheck } from '../model/verdicts';
import { renderReport, type Format } from '../report/index';
import { applyBaseline, checkReportTarget, readBaseline, writeFileNoFollow, type CacheStats } from '../scanner/index';
import { sourceExcerptReader } from './excerpt';
import { EXIT, type Io } from './io';
import type { OptionValues } from './options';

/**
 * Applies --baseline (unless the caller already did: `scan` compares it with the whole scan before
 * --since filters), writes every format asked for, and returns the exit code.
 */
export function report(result: ScanResult, formats: readonly Format[], outputs: readonly string[], values: OptionValues, target: string, root: string, io: Io, options: { baselineApplied?: boolean } = {}): number {
  if (values.baseline && !options.baselineApplied) applyBaseline(result, readBaseline(resolve(io.cwd, values.baseline), values.baseline));
  // A report never replaces what this run read: the policies that judged it, the baseline.
  const protectedFiles = [
    ...(values.baseline ? [resolve(io.cwd, values.baseline)] : []),
    ...(values.policy ? [resolve(io.cwd, values.policy)] : []),
    ...result.policies.map((policy) => resolve(root, policy)),
  ];
  const excerpt = sourceExcerptReader(root);
  formats.forEach((format, index) => {
    const output = outputs[index];
    const color = format === 'text' && io.isTty && !output && !values['no-color'] && !io.env['NO_COLOR'];
    if (output) checkReportTarget(resolve(io.cwd, output), { display: output, protectedFiles });
    const text = renderReport(format, result, { color, target, excerpt, ...(values.verbose ? { verbose: true } : {}), ...(format === 'html' ? titleFacts(target, root, io.cwd) : {}) });
    if (output) writeFileNoFollow(resolve(io.cwd, output), text, { display: output });
    else io.stdout(text);
  });
  if (formats.some((format) => format !== 'text') || outputs.length) {
    for (const skipped of result.skipped) io.stderr(`piiflow: not analysed: ${printable(skipped.file)}${skipped.line ? `:${skipped.line}:${skipped.column}` : ''}: ${printable(skipped.reason)}\n`);
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
