import type { Category } from '../model/categories';
import { isOpenViolation } from '../model/verdicts';
import { compareText } from '../model/order';
import type { ItemCategory, ScanResult } from '../model/result';
import { endpointSource, recipientName } from '../model/endpoints';
import { strengthOf } from '../model/messages';

/** One row of the data inventory: what one vendor receives of one category, with the evidence. */
export interface InventoryRow {
  vendor: string;
  vendorName: string;
  /** A category, or `unclassified`: objects of unknown shape. */
  category: ItemCategory;
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
    const name = recipientName(flow, vendors.get(flow.vendor)?.name ?? flow.vendor);
    for (const item of flow.data) {
      // An endpoint whose host is unknown is a row of its own: the record must not file it under the SDK's vendor.
      const key = `${flow.vendor}\u0000${name}\u0000${item.category}`;
      let row = rows.get(key);
      if (!row) {
        const vendor = vendors.get(flow.vendor);
        row = {
          vendor: flow.vendor,
          vendorName: name,
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
  const thirdParty = [...rows.values()]
    .map(({ keyed, plain, ...row }) => ({ ...row, anonymized: share(keyed, row.evidence), pseudonymized: share(plain, row.evidence) }))
    .sort((a, b) => compareText(a.vendor, b.vendor) || compareText(a.vendorName, b.vendorName) || compareText(a.category, b.category));
  // Self-hosted endpoints last, vendor `self-hosted`: what they receive stays with the team, but belongs in the record.
  const selfHosted = selfHostedOf(result).flatMap((endpoint) =>
    (endpoint.categories.length ? endpoint.categories : ['' as Category]).map((category): InventoryRow => ({
      vendor: 'self-hosted',
      vendorName: `Self-hosted endpoint ${endpoint.source} (${endpoint.sdk} client)`,
      category,
      evidence: endpoint.evidence.get(category) ?? 0,
      anonymized: 'no',
      pseudonymized: 'no',
      violations: 0,
      purpose: '',
      legalBasis: '',
      retention: '',
      region: '',
      locations: endpoint.locations.slice(0, 5),
    })),
  );
  return [...thirdParty, ...selfHosted];
}

/** A self-hosted endpoint in the inventory: where it comes from, what it receives, and where. */
export interface SelfHostedRow {
  sdk: string;
  /** The host or the environment variable. */
  source: string;
  resolvedBy: 'catalog' | 'policy' | 'unknown';
  categories: Category[];
  locations: string[];
}

function selfHostedOf(result: ScanResult): (SelfHostedRow & { evidence: Map<string, number> })[] {
  return (result.selfHosted ?? []).map((endpoint) => {
    const evidence = new Map<string, number>();
    for (const call of endpoint.calls) for (const category of call.categories) evidence.set(category, (evidence.get(category) ?? 0) + 1);
    const categories = [...evidence.keys()].sort(compareText) as Category[];
    const locations = [...new Set(endpoint.calls.map((call) => `${call.file}:${call.line}`))];
    return { sdk: endpoint.sdk, source: endpointSource(endpoint), resolvedBy: endpoint.resolvedBy, categories, locations, evidence };
  });
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
  const selfHosted = selfHostedOf(result).map(({ evidence: _evidence, ...row }) => row);
  return `${JSON.stringify({ version: 1, tool: result.tool, policy: result.policy, rows: inventoryOf(result), ...(selfHosted.length ? { selfHosted } : {}) }, null, 2)}\n`;
}
