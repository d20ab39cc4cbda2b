import { compareText } from './order';
import type { DataItem, Flow, ScanResult } from './result';

/** What a tree starts sending that an older one did not: a vendor, a category for a vendor, or data it had only anonymized. */
export type ChangeKind = 'new-vendor' | 'new-category' | 'now-in-clear';

export interface StartedPair {
  vendor: string;
  category: string;
  change: ChangeKind;
  /** `file:line` of every call that sends the pair in the changed way, in report order. */
  at: string[];
}

export interface SentComparison {
  /** The change an item of the current result makes, if any. */
  changeOf(flow: Pick<Flow, 'vendor'>, item: Pick<DataItem, 'category' | 'anonymized' | 'weakAnonymizer'>): ChangeKind | undefined;
  /** Vendor and category pairs the current result starts sending (or sending in clear), by vendor then category. */
  started: StartedPair[];
  /** Pairs the old result sent and the current one does not. */
  stopped: { vendor: string; category: string }[];
}

/** Sent in clear: not anonymized, or by a weak hash that lookup tables reverse. */
function inClear(item: Pick<DataItem, 'anonymized' | 'weakAnonymizer'>): boolean {
  return !item.anonymized || Boolean(item.weakAnonymizer);
}

const pairKey = (vendor: string, category: string): string => `${vendor}\u0000${category}`;

/** The one classification of "what changed" that `--since` and `piiflow diff` share. */
export function compareSent(old: ScanResult, current: ScanResult): SentComparison {
  const before = new Map<string, { clear: boolean }>();
  const vendorsBefore = new Set<string>();
  for (const flow of old.flows) {
    for (const item of flow.data) {
      vendorsBefore.add(flow.vendor);
      const seen = before.get(pairKey(flow.vendor, item.category)) ?? { clear: false };
      if (inClear(item)) seen.clear = true;
      before.set(pairKey(flow.vendor, item.category), seen);
    }
  }
  const changeOf: SentComparison['changeOf'] = (flow, item) => {
    const seen = before.get(pairKey(flow.vendor, item.category));
    if (!vendorsBefore.has(flow.vendor)) return 'new-vendor';
    if (!seen) return 'new-category';
    return inClear(item) && !seen.clear ? 'now-in-clear' : undefined;
  };
  const started = new Map<string, StartedPair>();
  const after = new Set<string>();
  for (const flow of current.flows) {
    for (const item of flow.data) {
      const key = pairKey(flow.vendor, item.category);
      after.add(key);
      const change = changeOf(flow, item);
      if (!change) continue;
      const entry = started.get(key) ?? { vendor: flow.vendor, category: item.category, change, at: [] };
      const where = `${flow.sink.file}:${flow.sink.line}`;
      if (!entry.at.includes(where)) entry.at.push(where);
      started.set(key, entry);
    }
  }
  const byPair = (a: { vendor: string; category: string }, b: { vendor: string; category: string }): number => compareText(a.vendor, b.vendor) || compareText(a.category, b.category);
  const stopped = [...before.keys()]
    .filter((key) => !after.has(key))
    .map((key) => {
      const [vendor, category] = key.split('\u0000') as [string, string];
      return { vendor, category };
    });
  return { changeOf, started: [...started.values()].sort(byPair), stopped: stopped.sort(byPair) };
}

/** What a change starts sending to one vendor in one way, all its categories together (reports print one line each). */
export interface StartedGroup {
  vendor: string;
  change: ChangeKind;
  categories: string[];
  /** `file:line` of the calls, each once, in report order. */
  at: string[];
}

/** Started pairs grouped by vendor and kind of change, in the order of their first pair. */
export function groupStarted(pairs: readonly StartedPair[]): StartedGroup[] {
  const groups = new Map<string, StartedGroup>();
  for (const pair of pairs) {
    const key = `${pair.vendor}\u0000${pair.change}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { vendor: pair.vendor, change: pair.change, categories: [], at: [] }));
    if (!group.categories.includes(pair.category)) group.categories.push(pair.category);
    for (const at of pair.at) if (!group.at.includes(at)) group.at.push(at);
  }
  return [...groups.values()];
}
