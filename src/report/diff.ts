import { PiiflowUserError, type ScanResult } from '../session/index';
import { escapeMarkdown } from './markdown';
import { printableStrings } from './text';
import { checkJson } from '../model/json-input';
import { READ_LIMITS, readRegularText } from '../model/read-file';

export interface ScanDiff {
  /** Vendor and category pairs the new scan has and the old one had not (or had only anonymized). */
  started: { vendor: string; category: string; change: 'new-vendor' | 'new-category' | 'now-in-clear'; at: string[] }[];
  /** Pairs the old scan had and the new one has not. */
  stopped: { vendor: string; category: string }[];
  /** Violations by fingerprint: new ones, and ones no longer found. */
  newViolations: { vendor: string; category: string; field: string; at: string }[];
  fixedViolations: { vendor: string; category: string; field: string; at: string }[];
}

/** What changed between two `--format json` scans. */
export function diffScans(old: ScanResult, current: ScanResult): ScanDiff {
  const pairs = (result: ScanResult) => {
    const map = new Map<string, { clear: boolean; at: string[] }>();
    for (const flow of result.flows) {
      for (const item of flow.data) {
        const key = `${flow.vendor}\u0000${item.category}`;
        const entry = map.get(key) ?? { clear: false, at: [] };
        if (!item.anonymized || item.weakAnonymizer) entry.clear = true;
        const where = `${flow.sink.file}:${flow.sink.line}`;
        if (!entry.at.includes(where)) entry.at.push(where);
        map.set(key, entry);
      }
    }
    return map;
  };
  const before = pairs(old);
  const after = pairs(current);
  const vendorsBefore = new Set([...before.keys()].map((key) => key.split('\u0000')[0]));
  const started: ScanDiff['started'] = [];
  for (const [key, entry] of after) {
    const [vendor, category] = key.split('\u0000') as [string, string];
    const previous = before.get(key);
    const change = !vendorsBefore.has(vendor) ? 'new-vendor' : !previous ? 'new-category' : entry.clear && !previous.clear ? 'now-in-clear' : undefined;
    if (change) started.push({ vendor, category, change, at: entry.at.slice(0, 5) });
  }
  const stopped = [...before.keys()].filter((key) => !after.has(key)).map((key) => ({ vendor: key.split('\u0000')[0]!, category: key.split('\u0000')[1]! }));
  const violations = (result: ScanResult) =>
    new Map(
      result.flows.flatMap((flow) =>
        flow.data.filter((item) => item.verdict === 'violation' && !item.suppressed).map((item) => [item.fingerprint, { vendor: flow.vendor, category: item.category, field: item.field, at: `${flow.sink.file}:${flow.sink.line}` }] as const),
      ),
    );
  const oldViolations = violations(old);
  const newViolationMap = violations(current);
  const byPlace = (a: { at: string; vendor: string }, b: { at: string; vendor: string }) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.vendor < b.vendor ? -1 : 1);
  return {
    started: started.sort((a, b) => (a.vendor + a.category < b.vendor + b.category ? -1 : 1)),
    stopped: stopped.sort((a, b) => (a.vendor + a.category < b.vendor + b.category ? -1 : 1)),
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
