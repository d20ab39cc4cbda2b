import type { DataItem, Flow, ViolationKind } from './result';

export type { ViolationKind };

/** The kind of violation an item is: as judged (`violationKind`), or for an item judged without one, from its origin and anonymizer. */
export function violationKind(item: DataItem): ViolationKind {
  if (item.violationKind) return item.violationKind;
  if (item.origin === 'collected') return 'collected-by-sdk';
  if (item.anonymized && item.weakAnonymizer) return 'weak-anonymizer';
  return 'not-allowed';
}

/** A judged item's kind of violation: what the SDK collects on its own and weak hashes first, then the policy's rule. */
export function kindOfViolation(item: Pick<DataItem, 'origin' | 'anonymized' | 'weakAnonymizer'>, ruleKind: Exclude<ViolationKind, 'collected-by-sdk'>): ViolationKind {
  if (item.origin === 'collected') return 'collected-by-sdk';
  if (item.anonymized && item.weakAnonymizer) return 'weak-anonymizer';
  return ruleKind;
}

/** The first and last hop of the trace and how many lie between, when the value travelled. */
export function trail(item: DataItem, file: string): string {
  const { trace } = item;
  if (trace.length < 2) return '';
  const first = trace[0]!;
  const where = first.file === file ? `line ${first.line}` : `${first.file}:${first.line}`;
  return ` It comes from \`${first.expression}\` (${where}), ${trace.length - 1} hop${trace.length === 2 ? '' : 's'} away.`;
}

/** What to do about a violation. */
export function advice(item: DataItem, flow: Pick<Flow, 'vendor'>): string {
  switch (violationKind(item)) {
    case 'collected-by-sdk':
      return `Change the SDK's options, or allow ${item.category} for ${flow.vendor} in piiflow.policy.yaml.`;
    case 'weak-anonymizer':
      return 'Use sha256 with a secret key (HMAC) instead.';
    case 'anonymize-required':
      return 'Hash it before sending (e.g. an HMAC-SHA256).';
    default:
      return `Remove it, anonymize it, or allow ${item.category} for ${flow.vendor} in piiflow.policy.yaml.`;
  }
}

/** The one sentence every front-end and report uses for a violation: what, why, where from, what to do. */
export function violationMessage(item: DataItem, flow: Flow, vendorName: string): string {
  if (item.origin === 'collected') {
    return `${flow.sink.call} makes ${vendorName} collect ${item.category} on its own: ${item.field}. ${item.reason}. ${advice(item, flow)}`;
  }
  return `${item.field} (${item.category}) is sent to ${vendorName} by ${flow.sink.call}: ${item.reason}.${trail(item, flow.sink.file)} ${advice(item, flow)}`;
}
