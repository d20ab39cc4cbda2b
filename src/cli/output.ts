import { relative, resolve } from 'node:path';
import { printable } from '../model/redact';
import type { ScanResult } from '../model/result';
import { renderReport, type Format } from '../report/index';
import { applyBaseline, checkReportTarget, readBaseline, writeFileNoFollow, type CacheStats } from '../scanner/index';
import { sourceExcerptReader } from './excerpt';
import { EXIT, type Io } from './io';
import type { OptionValues } from './options';

/** Applies --baseline, writes every format asked for, and returns the exit code. */
export function report(result: ScanResult, formats: readonly Format[], outputs: readonly string[], values: OptionValues, target: string, root: string, io: Io): number {
  if (values.baseline) applyBaseline(result, readBaseline(resolve(io.cwd, values.baseline), values.baseline));
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
    const text = renderReport(format, result, { color, target, excerpt });
    if (output) writeFileNoFollow(resolve(io.cwd, output), text, { display: output });
    else io.stdout(text);
  });
  if (formats.some((format) => format !== 'text') || outputs.length) {
    for (const skipped of result.skipped) io.stderr(`piiflow: not analysed: ${printable(skipped.file)}${skipped.line ? `:${skipped.line}:${skipped.column}` : ''}: ${printable(skipped.reason)}\n`);
  }
  return result.summary.violations > 0 ? EXIT.violations : EXIT.ok;
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
