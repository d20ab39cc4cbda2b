import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import type { Category } from '../model/categories';
import { printable } from '../model/redact';
import { UNCLASSIFIED, type ScanResult } from '../model/result';
import { strengthOf } from '../model/messages';

interface Evidence {
  clear: Map<Category, string[]>;
  anonymized: Map<Category, string[]>;
  /** Categories sent hashed without a secret key somewhere: their `anonymize` entry accepts plain hashes. */
  plain: Set<Category>;
}

/**
 * A starting policy that allows what the code sends today, vendor by vendor: categories sent in
 * clear under `allow`, categories sent only anonymized under `anonymize` (`{ category, accept:
 * plain-hash }` when some of it is hashed without a secret key), each with a comment saying where. Adopting it makes the scan pass; tightening it is the team's next step.
 *
 * File names and calls come from the scanned repository: in comments every control character and
 * line break is escaped (a file named `a\ndefault: allow\n#.ts` would otherwise add a key), keys
 * are quoted unless plain, and the text is parsed back and compared with what it must say before
 * it is returned.
 */
export function initialPolicy(result: ScanResult, date: string, schemaPath: string): string {
  const byVendor = new Map<string, Evidence>();
  const unknownShapes: string[] = [];
  for (const flow of result.flows) {
    for (const item of flow.data) {
      if (item.category === UNCLASSIFIED) {
        // Not a category to allow: the top-level `unclassified:` decides, written below with where it happens.
        const where = `${flow.sink.file}:${flow.sink.line} ${item.unknownShape ?? item.field}`;
        if (!unknownShapes.includes(where)) unknownShapes.push(where);
        continue;
      }
      let evidence = byVendor.get(flow.vendor);
      if (!evidence) {
        evidence = { clear: new Map(), anonymized: new Map(), plain: new Set() };
        byVendor.set(flow.vendor, evidence);
      }
      const strength = item.anonymized ? strengthOf(item) : undefined;
      const bucket = strength && strength !== 'weak' ? evidence.anonymized : evidence.clear;
      if (strength === 'plain' || strength === 'unknown') evidence.plain.add(item.category);
      const where = `${flow.sink.file}:${flow.sink.line} ${flow.sink.call}`;
      const list = bucket.get(item.category) ?? [];
      if (!list.includes(where)) list.push(where);
      bucket.set(item.category, list);
    }
  }
  const names = new Map(result.summary.vendors.map((vendor) => [vendor.vendor, vendor.name]));
  const expected: { version: 1; unclassified?: 'warn'; vendors: Record<string, Record<string, (string | { category: string; accept: 'plain-hash' })[]>> } = { version: 1, vendors: {} };
  const lines = [
    `# yaml-language-server: $schema=${comment(schemaPath)}`,
    `# Written by piiflow init on ${date}: it allows what the code sent to each vendor that day.`,
    '# Review every entry, remove what should not leave, move categories to `anonymize` once they are hashed,',
    '# and add purpose / legalBasis / retention / region for your records. See the README for every key.',
    'version: 1',
  ];
  if (unknownShapes.length > 0) {
    // Objects of unknown shape stay warnings: nobody has seen what they carry, so init cannot allow them.
    expected.unclassified = 'warn';
    const shown = unknownShapes.slice(0, 3).join('; ');
    lines.push(
      `# Objects of unknown shape are sent at ${unknownShapes.length} place${unknownShapes.length === 1 ? '' : 's'}: ${comment(shown)}${unknownShapes.length > 3 ? ` (+${unknownShapes.length - 3} more)` : ''}.`,
      '# Name their fields (a type, or a literal object), then `deny` fails the check on new ones; `allow` accepts them.',
      'unclassified: warn',
    );
  }
  if (byVendor.size === 0) {
    lines.push('vendors: {}');
    return checked(lines, expected);
  }
  lines.push('vendors:');
  for (const vendor of [...byVendor.keys()].sort()) {
    const evidence = byVendor.get(vendor)!;
    lines.push(`  ${yamlKey(vendor)}:${names.has(vendor) ? `  # ${comment(names.get(vendor)!)}` : ''}`);
    const rules: Record<string, (string | { category: string; accept: 'plain-hash' })[]> = {};
    expected.vendors[vendor] = rules;
    for (const [key, bucket] of [
      ['allow', evidence.clear],
      ['anonymize', [...evidence.anonymized].filter(([category]) => !evidence.clear.has(category))],
    ] as const) {
      const entries = [...bucket].sort(([a], [b]) => (a < b ? -1 : 1));
      if (entries.length === 0) continue;
      lines.push(`    ${key}:`);
      const plain = (category: Category): boolean => key === 'anonymize' && evidence.plain.has(category);
      rules[key] = entries.map(([category]) => (plain(category) ? { category, accept: 'plain-hash' as const } : category));
      for (const [category, places] of entries) {
        const shown = places.slice(0, 3).join('; ');
        const entry = plain(category) ? `{ category: ${category}, accept: plain-hash }` : category;
        lines.push(`      - ${entry.padEnd(14)} # ${comment(shown)}${places.length > 3 ? ` (+${places.length - 3} more)` : ''}${plain(category) ? ' (hashed without a secret key: pseudonymized)' : ''}`);
      }
    }
  }
  return checked(lines, expected);
}

/** Text for a `#` comment: nothing in it can end the comment (YAML 1.1 also breaks lines at U+0085, U+2028 and U+2029). */
function comment(text: string): string {
  return printable(text).replace(/[\u2028\u2029]/g, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}

/** A mapping key: plain when it is a plain identifier, else a double-quoted (JSON) string. */
function yamlKey(text: string): string {
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(text) ? text : JSON.stringify(text);
}

/** The policy text, once parsed back it says exactly what it must; anything else is a bug in piiflow. */
function checked(lines: readonly string[], expected: unknown): string {
  const text = `${lines.join('\n')}\n`;
  const parsed = parse(text, { schema: 'core' }) as unknown;
  if (!isDeepStrictEqual(parsed, expected)) throw new Error(`piiflow init wrote a policy that does not say what it should:\n${text}`);
  return text;
}
