import type { Category } from '../model/categories';
import type { ScanResult } from '../model/result';

interface Evidence {
  clear: Map<Category, string[]>;
  anonymized: Map<Category, string[]>;
}

/**
 * A starting policy that allows what the code sends today, vendor by vendor: categories sent in
 * clear under `allow`, categories sent only anonymized under `anonymize`, each with a comment
 * saying where. Adopting it makes the scan pass; tightening it is the team's next step.
 */
export function initialPolicy(result: ScanResult, date: string, schemaPath: string): string {
  const byVendor = new Map<string, Evidence>();
  for (const flow of result.flows) {
    for (const item of flow.data) {
      let evidence = byVendor.get(flow.vendor);
      if (!evidence) {
        evidence = { clear: new Map(), anonymized: new Map() };
        byVendor.set(flow.vendor, evidence);
      }
      const bucket = item.anonymized && !item.weakAnonymizer ? evidence.anonymized : evidence.clear;
      const where = `${flow.sink.file}:${flow.sink.line} ${flow.sink.call}`;
      const list = bucket.get(item.category) ?? [];
      if (!list.includes(where)) list.push(where);
      bucket.set(item.category, list);
    }
  }
  const names = new Map(result.summary.vendors.map((vendor) => [vendor.vendor, vendor.name]));
  const lines = [
    `# yaml-language-server: $schema=${schemaPath}`,
    `# Written by piiflow init on ${date}: it allows what the code sent to each vendor that day.`,
    '# Review every entry, remove what should not leave, move categories to `anonymize` once they are hashed,',
    '# and add purpose / legalBasis / retention / region for your records. See the README for every key.',
    'version: 1',
  ];
  if (byVendor.size === 0) {
    lines.push('vendors: {}');
    return `${lines.join('\n')}\n`;
  }
  lines.push('vendors:');
  for (const vendor of [...byVendor.keys()].sort()) {
    const evidence = byVendor.get(vendor)!;
    lines.push(`  ${vendor}:${names.has(vendor) ? `  # ${names.get(vendor)}` : ''}`);
    for (const [key, bucket] of [
      ['allow', evidence.clear],
      ['anonymize', [...evidence.anonymized].filter(([category]) => !evidence.clear.has(category))],
    ] as const) {
      const entries = [...bucket].sort(([a], [b]) => (a < b ? -1 : 1));
      if (entries.length === 0) continue;
      lines.push(`    ${key}:`);
      for (const [category, places] of entries) {
        const shown = places.slice(0, 3).join('; ');
        lines.push(`      - ${category.padEnd(14)} # ${shown}${places.length > 3 ? ` (+${places.length - 3} more)` : ''}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
