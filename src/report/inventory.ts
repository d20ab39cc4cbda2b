import type { Category } from '../model/categories';
import { isOpenViolation } from '../model/verdicts';
import type { ScanResult } from '../model/result';
import { strengthOf } from '../model/messages';

/** One row of the data inventory: what one vendor receives of one category, with the evidence. */
export interface InventoryRow {
  vendor: string;
  vendorName: string;
  category: Category;
  /** How many data items of this category reach this vendor. */
  evidence: number;
  /** Sent hashed with a secret key (an HMAC, a salt from the environment) or by a declared anonymizer: all, none or some items. */
  anonymized: 'yes' | 'no' | 'partly';
  /** Sent hashed without a secret key (plain, md5/sha1, or hashed by name only): reversible by lookup. */
  pseudonymized: 'yes' | 'no' | 'partly';
  violations: number;
  purpose: string;
  legalBasis: string;
  retention: string;
  region: string;
  /** Up to five `file:line` places where it is sent. */
  locations: string[];
}

/** The table a privacy team pastes into its record of processing: one row per vendor and category. */
export function inventoryOf(result: ScanResult): InventoryRow[] {
  const rows = new Map<string, InventoryRow & { keyed: number; plain: number }>();
  const vendors = new Map(result.summary.vendors.map((vendor) => [vendor.vendor, vendor]));
  for (const flow of result.flows) {
    for (const item of flow.data) {
      const key = `${flow.vendor}\u0000${item.category}`;
      let row = rows.get(key);
      if (!row) {
        const vendor = vendors.get(flow.vendor);
        row = {
          vendor: flow.vendor,
          vendorName: vendor?.name ?? flow.vendor,
          category: item.category,
          evidence: 0,
          anonymized: 'no',
          pseudonymized: 'no',
          violations: 0,
          purpose: vendor?.purpose ?? '',
          legalBasis: vendor?.legalBasis ?? '',
          retention: vendor?.retention ?? '',
          region: vendor?.region ?? '',
          locations: [],
          keyed: 0,
          plain: 0,
        };
        rows.set(key, row);
      }
      row.evidence++;
      if (item.anonymized && strengthOf(item) === 'keyed') row.keyed++;
      else if (item.anonymized) row.plain++;
      if (isOpenViolation(item)) row.violations++;
      const where = `${flow.sink.file}:${flow.sink.line}`;
      if (row.locations.length < 5 && !row.locations.includes(where)) row.locations.push(where);
    }
  }
  return [...rows.values()]
    .map(({ keyed, plain, ...row }) => ({ ...row, anonymized: share(keyed, row.evidence), pseudonymized: share(plain, row.evidence) }))
    .sort((a, b) => (a.vendor < b.vendor ? -1 : a.vendor > b.vendor ? 1 : a.category < b.category ? -1 : 1));
}

/** Whether all, none or some of the evidence is so. */
function share(count: number, evidence: number): 'yes' | 'no' | 'partly' {
  return count === 0 ? 'no' : count === evidence ? 'yes' : 'partly';
}

const COLUMNS: (keyof InventoryRow)[] = ['vendor', 'vendorName', 'category', 'evidence', 'anonymized', 'pseudonymized', 'violations', 'purpose', 'legalBasis', 'retention', 'region', 'locations'];

function csvCell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  // Quote per RFC 4180; a leading = + - @ (or a tab or carriage return before one: spreadsheets trim them) is
  // neutralised so that a spreadsheet never evaluates it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderInventoryCsv(result: ScanResult): string {
  const rows = inventoryOf(result);
  return `${[COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((column) => csvCell(row[column])).join(','))].join('\r\n')}\r\n`;
}

export function renderInventoryJson(result: ScanResult): string {
  return `${JSON.stringify({ version: 1, tool: result.tool, policy: result.policy, rows: inventoryOf(result) }, null, 2)}\n`;
}
