import { compareText } from './order';
import type { DataItem, Flow, ScanResult, ScanSummary, VendorSummary } from './result';

/** A violation nobody accepted: it fails the scan. Suppressed (policy ignore, comment) and baselined ones do not. */
export function isOpenViolation(item: DataItem): boolean {
  return item.verdict === 'violation' && !item.suppressed && !item.baselined && item.severity !== 'warning';
}

/** A violation the policy declares a warning, not suppressed: reported (SARIF level warning), never failing. */
export function isWarning(item: DataItem): boolean {
  return item.verdict === 'violation' && !item.suppressed && item.severity === 'warning';
}

/** A violation not suppressed by the policy or a comment, nor a warning: what a baseline records and accepts. */
export function isUnsuppressedViolation(item: DataItem): boolean {
  return item.verdict === 'violation' && !item.suppressed && item.severity !== 'warning';
}

/** A result fails the check when it has an open violation or a problem of severity `error`. */
export function failsCheck(result: Pick<ScanResult, 'summary' | 'problems'>): boolean {
  return result.summary.violations > 0 || result.problems.some((problem) => problem.severity === 'error');
}

/** A flow fails when one of its items is an open violation. */
export function flowVerdict(items: readonly DataItem[]): Flow['verdict'] {
  return items.some(isOpenViolation) ? 'violation' : 'allowed';
}

/** A vendor's name and the policy's descriptive fields for it, as the summary shows them. */
export type VendorInfo = (vendor: string) => Omit<VendorSummary, 'calls' | 'categories' | 'violations'>;

/** The summary of a scan's flows; `info` gives each vendor's name and the policy's descriptive fields. */
export function summarize(flows: readonly Flow[], scanned: number, skipped: number, info: VendorInfo): ScanSummary {
  const byVendor = new Map<string, VendorSummary>();
  let dataItems = 0;
  let violations = 0;
  let suppressed = 0;
  let warnings = 0;
  for (const flow of flows) {
    let summary = byVendor.get(flow.vendor);
    if (!summary) {
      const { vendor, name, ...described } = info(flow.vendor);
      summary = { vendor, name, calls: 0, categories: [], violations: 0, ...described };
      byVendor.set(flow.vendor, summary);
    }
    summary.calls++;
    for (const item of flow.data) {
      dataItems++;
      if (!summary.categories.includes(item.category)) summary.categories.push(item.category);
      if (item.verdict !== 'violation') continue;
      if (item.suppressed) suppressed++;
      else if (item.severity === 'warning') warnings++;
      else if (!item.baselined) {
        summary.violations++;
        violations++;
      }
    }
  }
  const list = [...byVendor.values()].sort((a, b) => compareText(a.vendor, b.vendor));
  for (const summary of list) summary.categories.sort(compareText);
  return { filesScanned: scanned, filesSkipped: skipped, flows: flows.length, dataItems, violations, suppressed, ...(warnings ? { warnings } : {}), vendors: list };
}

/**
 * Counts a result's summary again after its items changed (a baseline accepted some, --since kept
 * only what changed): verdicts of flows, totals and vendors, keeping what the summary says of
 * files and each vendor's descriptive fields.
 */
export function recount(result: ScanResult): void {
  for (const flow of result.flows) flow.verdict = flowVerdict(flow.data);
  const previous = result.summary;
  const described = new Map(previous.vendors.map((vendor) => [vendor.vendor, vendor]));
  const fresh = summarize(result.flows, previous.filesScanned, previous.filesSkipped, (vendor) => {
    const { calls: _calls, categories: _categories, violations: _violations, ...info } = described.get(vendor) ?? { vendor, name: vendor };
    return info;
  });
  // Key order as the JSON output has always had it: the baseline's counts come after the vendors.
  if (previous.baselined !== undefined) fresh.baselined = result.flows.reduce((sum, flow) => sum + flow.data.filter((item) => item.baselined).length, 0);
  if (previous.fixedSinceBaseline !== undefined) fresh.fixedSinceBaseline = previous.fixedSinceBaseline;
  result.summary = fresh;
}
