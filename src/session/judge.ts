import type { FoundCall, FoundFile } from '../engine/analyze-file';
import { decide, policyEndpoint, type LoadedPolicy } from '../policy/policy';
import { endpointPolicyKey, unknownEndpointName } from '../model/endpoints';
import { fingerprintOf } from '../model/fingerprint';
import { kindOfViolation } from '../model/messages';
import { compareItems, compareText } from '../model/order';
import type { DataItem, Endpoint, Flow, SelfHostedCall } from '../model/result';
import { flowVerdict } from '../model/verdicts';

/** A problem with how the file uses piiflow (a suppression comment without a reason, or one that suppresses nothing). */
export interface FileProblem {
  line: number;
  column: number;
  message: string;
  /** Fails the check (the scan exits 1, as ESLint reports an error); otherwise a note. */
  severity?: 'error';
}

export interface FileAnalysis {
  problems: FileProblem[];
  flows: Flow[];
  /** Calls of clients pointed at a server the team runs: listed, never judged (no third party receives them). */
  selfHosted: { endpoint: Endpoint & { sdkName: string }; call: SelfHostedCall }[];
  /** For items that are a property of an object literal written in the call: the text range that removes it. */
  removals: Map<DataItem, { start: number; end: number }>;
}

export interface JudgeOptions {
  policy: LoadedPolicy;
  /** The file as reports show it. */
  file: string;
  absolutePath: string;
  /** Called with the index of each policy ignore entry that accepted an item. */
  onIgnoreUsed?: (index: number) => void;
  /** The name of a vendor the policy's `endpoints:` names (the catalog's). */
  vendorName?: (vendorId: string) => string | undefined;
}

/**
 * The second half of a file's analysis: the policy's verdict on every item, ignores and
 * suppression comments applied. Cheap, and run on every scan even when the first half comes
 * from the cache, because verdicts depend on the policy and on today's date (`expires`).
 */
export function judgeFile(found: FoundFile, options: JudgeOptions): FileAnalysis {
  const removals = new Map<DataItem, { start: number; end: number }>();
  const flows: Flow[] = [];
  const selfHosted: FileAnalysis['selfHosted'] = [];
  for (const call of found.calls) {
    const recipient = recipientOf(call, options);
    if (recipient.selfHosted) {
      const categories = [...new Set(call.items.map((item) => item.category))].sort(compareText);
      const sdkName = options.vendorName?.(recipient.endpoint.sdk) ?? call.vendorName;
      selfHosted.push({ endpoint: { ...recipient.endpoint, sdkName }, call: { file: options.file, line: call.sink.line, column: call.sink.column, call: call.sink.call, method: call.sink.method, categories } });
    } else {
      flows.push(judgeCall(call, recipient, options, removals));
    }
  }
  flows.sort((a, b) => a.sink.line - b.sink.line || a.sink.column - b.sink.column || compareText(a.vendor, b.vendor));
  const problems = applySuppressionComments(found.suppressions, flows);
  return { flows, selfHosted, removals, problems };
}

type Recipient = { selfHosted: true; endpoint: Endpoint } | { selfHosted: false; vendor: string; vendorName: string; endpoint?: Endpoint };

/**
 * Who receives what a call sends. The engine says where the client's server comes from and what the
 * catalog knows of it; the policy's `endpoints:` has the last word (it knows the deployment); an
 * endpoint nobody names is judged as the SDK's own vendor, under a name that says the host is unknown.
 */
function recipientOf(call: FoundCall, options: JudgeOptions): Recipient {
  if (!call.endpoint) return { selfHosted: false, vendor: call.vendor, vendorName: call.vendorName };
  const { target, sdk, ...source } = call.endpoint;
  const named = endpointPolicyKey(source) !== undefined ? policyEndpoint(options.policy, source) : undefined;
  if (named !== undefined) {
    const endpoint: Endpoint = { sdk, ...source, resolvedBy: 'policy' };
    if (named === 'self-hosted') return { selfHosted: true, endpoint };
    return { selfHosted: false, vendor: named, vendorName: options.vendorName?.(named) ?? named, endpoint };
  }
  if (target === 'self-hosted') return { selfHosted: true, endpoint: { sdk, ...source, resolvedBy: 'catalog' } };
  if (target !== undefined) return { selfHosted: false, vendor: call.vendor, vendorName: call.vendorName, endpoint: { sdk, ...source, resolvedBy: 'catalog' } };
  return { selfHosted: false, vendor: call.vendor, vendorName: unknownEndpointName(call.vendorName, source), endpoint: { sdk, ...source, resolvedBy: 'unknown' } };
}

function judgeCall(call: FoundCall, recipient: Extract<Recipient, { selfHosted: false }>, options: JudgeOptions, removals: FileAnalysis['removals']): Flow {
  const sink = { ...call.sink, file: options.file };
  const data = call.items.map((item) => {
    const decision = decide(options.policy, {
      vendorId: recipient.vendor,
      vendorName: recipient.vendorName,
      category: item.category,
      field: item.field,
      ...(item.unknownShape !== undefined ? { unknownShape: item.unknownShape } : {}),
      anonymizer: item.anonymizer,
      file: options.absolutePath,
    });
    if (decision.ignoreIndex !== undefined) options.onIgnoreUsed?.(decision.ignoreIndex);
    const dataItem: DataItem = {
      category: item.category,
      field: item.field,
      ...(item.unknownShape !== undefined ? { unknownShape: item.unknownShape } : {}),
      anonymized: item.anonymizer !== undefined,
      ...(item.anonymizer ? { anonymizer: item.anonymizer.name } : {}),
      ...(item.anonymizer?.strength === 'weak' ? { weakAnonymizer: true } : {}),
      ...(item.anonymizer ? { anonymizerStrength: item.anonymizer.strength } : {}),
      ...(item.anonymizer?.note ? { anonymizerNote: item.anonymizer.note } : {}),
      role: item.role,
      origin: item.origin,
      verdict: decision.verdict,
      ...(decision.kind !== 'allowed' ? { violationKind: kindOfViolation({ origin: item.origin, anonymized: item.anonymizer !== undefined, weakAnonymizer: item.anonymizer?.strength === 'weak' }, decision.kind) } : {}),
      ...(decision.severity ? { severity: decision.severity } : {}),
      reason: decision.reason,
      ...(decision.suppressed ? { suppressed: decision.suppressed } : {}),
      fingerprint: '',
      at: { ...item.at },
      trace: item.trace.map((step) => ({ ...step })),
    };
    dataItem.fingerprint = fingerprintOf({ vendor: recipient.vendor, sink }, dataItem);
    if (item.removal) removals.set(dataItem, item.removal);
    return dataItem;
  });
  data.sort(compareItems);
  return { vendor: recipient.vendor, sink, ...(recipient.endpoint ? { endpoint: recipient.endpoint } : {}), data, verdict: flowVerdict(data) };
}

/**
 * `// piiflow-ignore-next-line <reason>` accepts the violations on the next line: of a call that
 * starts there, or of items that enter a call there. A comment without a reason suppresses
 * nothing; one that suppresses nothing is reported too.
 */
function applySuppressionComments(suppressions: FoundFile['suppressions'], flows: Flow[]): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const { line, column, reason } of suppressions) {
    if (reason.length < 3) {
      problems.push({ line, column, message: 'piiflow-ignore-next-line needs a reason: say why this data may go to the vendor', severity: 'error' });
      continue;
    }
    let used = false;
    for (const flow of flows) {
      for (const item of flow.data) {
        if (item.verdict !== 'violation' || item.suppressed) continue;
        if (flow.sink.line !== line + 1 && item.at.line !== line + 1) continue;
        item.suppressed = { reason, by: 'comment' };
        used = true;
      }
      flow.verdict = flowVerdict(flow.data);
    }
    if (!used) problems.push({ line, column, message: `piiflow-ignore-next-line suppresses nothing on line ${line + 1} (${reason}): remove it` });
  }
  return problems;
}
