import { existsSync } from 'node:fs';
import { checkJson } from '../model/json-input';
import { READ_LIMITS, readRegularText } from '../model/read-file';
import { PiiflowUserError } from '../model/errors';
import type { ScanResult } from '../model/result';
import { isUnsuppressedViolation, recount } from '../model/verdicts';

export interface BaselineEntry {
  fingerprint: string;
  vendor: string;
  file: string;
  call: string;
  field: string;
  category: string;
  /** How many identical items (same call text in the same file) the baseline accepts. */
  count: number;
}

export interface Baseline {
  version: 1;
  tool: 'piiflow';
  /** Accepted violations, sorted. Regenerate with `piiflow baseline`; fixed ones then leave it. */
  violations: BaselineEntry[];
}

/** The baseline of a scan: its violations that are not suppressed (and not already baselined). */
export function baselineOf(result: ScanResult): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const flow of result.flows) {
    for (const item of flow.data) {
      if (!isUnsuppressedViolation(item)) continue;
      const existing = entries.get(item.fingerprint);
      if (existing) existing.count++;
      else entries.set(item.fingerprint, { fingerprint: item.fingerprint, vendor: flow.vendor, file: flow.sink.file, call: flow.sink.call, field: item.field, category: item.category, count: 1 });
    }
  }
  const violations = [...entries.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return { version: 1, tool: 'piiflow', violations };
}

/** Reads a baseline file, with a clear error for anything else (a damaged one: the JSON path of what is wrong). */
export function readBaseline(path: string, displayPath = path): Baseline {
  if (!existsSync(path)) throw new PiiflowUserError('baseline file not found', { file: displayPath }, 'create it with `piiflow baseline`');
  const text = readRegularText(path, { maxBytes: READ_LIMITS.json, display: displayPath, what: 'baseline' });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PiiflowUserError(`not a baseline: ${(error as Error).message}`, { file: displayPath }, 'recreate it with `piiflow baseline`');
  }
  const baseline = data as Partial<Baseline> | null;
  if (baseline === null || typeof baseline !== 'object' || baseline.tool !== 'piiflow' || baseline.version !== 1 || !Array.isArray(baseline.violations)) {
    throw new PiiflowUserError('not a piiflow baseline (version 1)', { file: displayPath }, 'recreate it with `piiflow baseline`');
  }
  return checkJson<Baseline>('baseline', baseline, displayPath, 'a damaged baseline: recreate it with `piiflow baseline`');
}

/**
 * Marks the violations a baseline accepts (`baselined: true`) and recounts the summary, so
 * that only new violations fail. Returns how many baselined violations are gone (fixed).
 */
export function applyBaseline(result: ScanResult, baseline: Baseline): { fixed: number } {
  const remaining = new Map(baseline.violations.map((entry) => [entry.fingerprint, entry.count]));
  for (const flow of result.flows) {
    for (const item of flow.data) {
      if (!isUnsuppressedViolation(item)) continue;
      const left = remaining.get(item.fingerprint) ?? 0;
      if (left > 0) {
        item.baselined = true;
        remaining.set(item.fingerprint, left - 1);
      }
    }
  }
  const fixed = [...remaining.values()].reduce((sum, left) => sum + left, 0);
  result.summary.baselined = 0;
  result.summary.fixedSinceBaseline = fixed;
  recount(result);
  return { fixed };
}
