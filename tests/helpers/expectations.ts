import type { Flow } from './piiflow';
import { readExpectations } from '../../scripts/markers.mjs';

// The marker syntax lives in scripts/markers.mjs, shared with `npm run accuracy`.
export { readExpectations };

/** What a scan found, in the same shape: one entry per call line and vendor, for calls that receive personal data. */
export function observed(flows: readonly Flow[]): { line: number; vendor: string; data: string[] }[] {
  const byKey = new Map<string, { line: number; vendor: string; data: Set<string> }>();
  for (const flow of flows) {
    if (flow.data.length === 0) continue;
    const key = `${flow.sink.line}|${flow.vendor}`;
    const entry = byKey.get(key) ?? { line: flow.sink.line, vendor: flow.vendor, data: new Set<string>() };
    for (const item of flow.data) entry.data.add(`${item.category}${item.anonymized ? '*' : ''}`);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map((entry) => ({ line: entry.line, vendor: entry.vendor, data: [...entry.data].sort() })).sort((a, b) => a.line - b.line || a.vendor.localeCompare(b.vendor));
}

/** Compares a file's markers with what was found; returns readable differences (empty when they agree). */
export function compareWithMarkers(file: string, flows: readonly Flow[]): string[] {
  const expected = readExpectations(file);
  const found = observed(flows);
  const problems: string[] = [];
  const foundKey = (line: number, vendor: string) => found.find((entry) => entry.line === line && entry.vendor === vendor);
  for (const expectation of expected) {
    const actual = foundKey(expectation.line, expectation.vendor);
    const same = actual !== undefined && actual.data.join(' ') === expectation.data.join(' ');
    if (expectation.todo) {
      if (same) problems.push(`line ${expectation.line}: todo-expect now passes; promote it to expect: ${expectation.vendor} ${expectation.data.join(' ')}`);
    } else if (!actual) {
      problems.push(`line ${expectation.line}: expected ${expectation.vendor} ${expectation.data.join(' ')}, found nothing`);
    } else if (!same) {
      problems.push(`line ${expectation.line}: expected ${expectation.vendor} ${expectation.data.join(' ')}, found ${actual.data.join(' ')}`);
    }
  }
  for (const entry of found) {
    if (!expected.some((expectation) => expectation.line === entry.line && expectation.vendor === entry.vendor)) {
      problems.push(`line ${entry.line}: unexpected ${entry.vendor} ${entry.data.join(' ')}`);
    }
  }
  return problems;
}
