import { compareSent, type StartedPair } from '../model/changes';
import { PiiflowUserError } from '../model/errors';
import { compareText } from '../model/order';
import type { ScanResult } from '../model/result';
import { isOpenViolation } from '../model/verdicts';
import { escapeMarkdown } from './markdown';
import { printableStrings } from './text';
import { checkJson } from '../model/json-input';
import { READ_LIMITS, readRegularText } from '../model/read-file';

export interface ScanDiff {
  /** Vendor and category pairs the new scan has and the old one had not (or had only anonymized). */
  started: StartedPair[];
  /** Pairs the old scan had and the new one has not. */
  stopped: { vendor: string; category: string }[];
  /** Violations by fingerprint: new ones, and ones no longer found. */
  newViolations: { vendor: string; category: string; field: string; at: string }[];
  fixedViolations: { vendor: string; category: string; field: string; at: string }[];
}

/** What changed between two `--format json` scans. */
export function diffScans(old: ScanResult, current: ScanResult): ScanDiff {
  const { started, stopped } = compareSent(old, current);
  const violations = (result: ScanResult) =>
    new Map(
      result.flows.flatMap((flow) =>
        flow.data.filter(isOpenViolation).map((item) => [item.fingerprint, { vendor: flow.vendor, category: item.category, field: item.field, at: `${flow.sink.file}:${flow.sink.line}` }] as const),
      ),
    );
  const oldViolations = violations(old);
  const newViolationMap = violations(current);
  const byPlace = (a: { at: string; vendor: string }, b: { at: string; vendor: string }) => compareText(a.at, b.at) || compareText(a.vendor, b.vendor);
  return {
    started: started.map((entry) => ({ ...entry, at: entry.at.slice(0, 5) })),
    stopped,
    newViolations: [...newViolationMap].filter(([fingerprint]) => !oldViolations.has(fingerprint)).map(([, entry]) => entry).sort(byPlace),
    fixedViolations: [...oldViolations].filter(([fingerprint]) => !newViolationMap.has(fingerprint)).map(([, entry]) => entry).sort(byPlace),
  };
}

/**
 * Reads a `--format json` scan, with a clear error for anything else: a file that is not a scan
 * is named as such; a damaged one gets the JSON path of what is wrong.
 */
export function parseScan(text: string, file: string): ScanResult {
  const hint = 'write one with piiflow scan --format json --output <file>';
  let data: Partial<ScanResult>;
  try {
    data = JSON.parse(text) as Partial<ScanResult>;
  } catch (error) {
    throw new PiiflowUserError(`not a piiflow JSON scan: ${(error as Error).message}`, { file }, hint);
  }
  if (data === null || typeof data !== 'object' || data.version !== 1 || data.tool?.name !== 'piiflow' || !Array.isArray(data.flows)) {
    throw new PiiflowUserError('not a piiflow JSON scan (version 1)', { file }, hint);
  }
  return checkJson<ScanResult>('scan result', data, file, 'a damaged scan: write it again with piiflow scan --format json --output <file>');
}

/** Reads a `--format json` scan from a file (a regular file within the size limit) and checks it: for `merge` and `diff`. */
export function readScanFile(path: string, display: string): ScanResult {
  return parseScan(readRegularText(path, { maxBytes: READ_LIMITS.json, display, what: 'JSON scan' }), display);
}

export function renderDiff(untrusted: ScanDiff, format: 'text' | 'markdown'): string {
  const diff = printableStrings(untrusted);
  const code = (text: string) => (format === 'markdown' ? `\`${escapeMarkdown(text)}\`` : text);
  const lines: string[] = [];
  const heading = (text: string) => lines.push(format === 'markdown' ? `### ${text}` : `${text}:`);
  const empty = diff.started.length + diff.stopped.length + diff.newViolations.length + diff.fixedViolations.length === 0;
  if (format === 'markdown') lines.push('## piiflow: what changed', '');
  if (empty) lines.push('Nothing changed: the same vendors receive the same categories, and the violations are the same.');
  if (diff.started.length) {
    heading('Starts sending');
    for (const entry of diff.started) {
      const what = entry.change === 'now-in-clear' ? `${entry.category} to ${entry.vendor} in clear (it was anonymized)` : `${entry.category} to ${entry.vendor}${entry.change === 'new-vendor' ? ' (a new vendor)' : ''}`;
      lines.push(`- ${what}: ${entry.at.map(code).join(', ')}`);
    }
  }
  if (diff.stopped.length) {
    heading('Stops sending');
    for (const entry of diff.stopped) lines.push(`- ${entry.category} to ${entry.vendor}`);
  }
  if (diff.newViolations.length) {
    heading('New violations');
    for (const entry of diff.newViolations) lines.push(`- ${code(entry.at)} ${entry.field} (${entry.category}) to ${entry.vendor}`);
  }
  if (diff.fixedViolations.length) {
    heading('Fixed violations');
    for (const entry of diff.fixedViolations) lines.push(`- ${code(entry.at)} ${entry.field} (${entry.category}) to ${entry.vendor}`);
  }
  return `${lines.join('\n')}\n`;
}
