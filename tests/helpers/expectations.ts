import { readFileSync } from 'node:fs';
import type { Flow } from '../../src/core/index';

/**
 * Expectations live beside the code they describe, Semgrep-style:
 *   mixpanel.identify(user.id); // expect: mixpanel user_id
 *   mixpanel.track('x', { h }); // expect: mixpanel email*          (* = anonymized)
 *   wrapper(user);              // todo-expect: mixpanel email       (a known miss, kept visible)
 * A line without a marker expects no personal data to reach any vendor there.
 */
export interface Expectation {
  line: number;
  vendor: string;
  /** Sorted `category` or `category*` entries. */
  data: string[];
  todo: boolean;
}

const MARKER = /\/\/\s*(todo-)?expect:\s*(.+)$/;

export function readExpectations(file: string): Expectation[] {
  const expectations: Expectation[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((text, index) => {
      const match = MARKER.exec(text);
      if (!match) return;
      for (const clause of match[2]!.split(';')) {
        const [vendor, ...data] = clause.trim().split(/\s+/);
        expectations.push({ line: index + 1, vendor: vendor!, data: data.sort(), todo: Boolean(match[1]) });
      }
    });
  return expectations;
}

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
