import { PiiflowUserError } from '../model/errors';
import { checkJson } from '../model/json-input';
import type { Problem, ScanResult, VendorSummary } from '../model/result';
import { compareFlows, compareProblems, compareText } from '../model/order';
import { summarize } from '../model/verdicts';
import { groupSelfHosted } from '../model/endpoints';

/**
 * Combines the JSON results of `piiflow scan --shard i/n`, i = 1..n, into the result one scan of
 * the whole tree gives: every shard followed imports into the files of the others, so the flows
 * are the same; an ignore entry is unused only if no shard used it.
 */
export function mergeShards(shards: readonly { result: ScanResult; file: string }[]): ScanResult {
  if (shards.length === 0) throw new PiiflowUserError('merge needs the JSON results of every shard', undefined, 'piiflow merge shard-1.json shard-2.json ...');
  for (const { result, file } of shards) {
    checkJson('scan result', result, file, 'scan the shard again');
    const shard = result.shard as Partial<NonNullable<ScanResult['shard']>> | undefined;
    if (!shard) throw new PiiflowUserError('not the result of a shard (no "shard" field)', { file }, 'write each with piiflow scan --shard i/n --format json --output <file>');
    const valid = Number.isInteger(shard.index) && Number.isInteger(shard.count) && shard.index! >= 1 && shard.index! <= shard.count! && Array.isArray(shard.unusedIgnores);
    const flowsValid = result.flows.every((flow) => typeof flow?.sink?.file === 'string' && typeof flow.sink.line === 'number' && typeof flow.sink.column === 'number' && Array.isArray(flow.data));
    if (!valid || !flowsValid || !Array.isArray(result.skipped) || !Array.isArray(result.problems) || !Array.isArray(result.summary?.vendors)) {
      throw new PiiflowUserError('a damaged shard result (its "shard", "flows", "skipped", "problems" or "summary" is not what piiflow writes)', { file }, 'scan the shard again');
    }
  }
  const [first] = shards;
  const count = first!.result.shard!.count;
  const seen = new Map<number, string>();
  for (const { result, file } of shards) {
    const { index, count: theirs } = result.shard!;
    if (theirs !== count) throw new PiiflowUserError(`shard ${index}/${theirs} does not belong with ${first!.file} (a shard of ${count})`, { file });
    if (seen.has(index)) throw new PiiflowUserError(`shard ${index}/${count} is given twice`, { file }, `also in ${seen.get(index)}`);
    if (result.tool.version !== first!.result.tool.version) {
      throw new PiiflowUserError(`written by piiflow ${result.tool.version}, ${first!.file} by ${first!.result.tool.version}`, { file }, 'run every shard with the same piiflow');
    }
    if (result.policy !== first!.result.policy) throw new PiiflowUserError(`judged by policy ${String(result.policy)}, ${first!.file} by ${String(first!.result.policy)}`, { file }, 'scan every shard of the same folder with the same options');
    if (result.since) throw new PiiflowUserError('a shard scanned with --since cannot be merged', { file }, 'give --since to one scan of the whole tree');
    seen.set(index, file);
  }
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) {
    throw new PiiflowUserError(`shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${count} missing`, undefined, 'merge the JSON results of all shards, each scanned with --shard i/n');
  }

  const flows = shards.flatMap(({ result }) => result.flows);
  flows.sort(compareFlows);
  const skipped = shards.flatMap(({ result }) => result.skipped).sort((a, b) => compareText(a.file, b.file));
  // Policy problems (an expired ignore) are found by every shard: each is reported once.
  const key = (problem: Problem): string => JSON.stringify([problem.file, problem.line, problem.column, problem.message]);
  const problems = new Map<string, Problem>();
  for (const { result } of shards) for (const problem of result.problems) problems.set(key(problem), problem);
  const unusedByAll = shards.map(({ result }) => new Set(result.shard!.unusedIgnores.map(key)));
  for (const problem of first!.result.shard!.unusedIgnores) {
    if (unusedByAll.every((unused) => unused.has(key(problem)))) problems.set(key(problem), problem);
  }
  const described = new Map<string, Omit<VendorSummary, 'calls' | 'categories' | 'violations'>>();
  for (const { result } of shards) {
    for (const { calls: _calls, categories: _categories, violations: _violations, ...vendor } of result.summary.vendors) described.set(vendor.vendor, vendor);
  }
  const selfHosted = shards.flatMap(({ result }) => (result.selfHosted ?? []).flatMap(({ calls, ...endpoint }) => calls.map((call) => ({ endpoint, call }))));
  const unresolved = new Map<string, NonNullable<ScanResult['unresolvedImports']>[number]>();
  for (const { result } of shards) for (const entry of result.unresolvedImports ?? []) unresolved.set(JSON.stringify([entry.file, entry.line, entry.column, entry.specifier]), entry);
  const scanned = shards.reduce((sum, { result }) => sum + result.summary.filesScanned, 0);
  return {
    version: 1,
    tool: first!.result.tool,
    policy: first!.result.policy,
    policies: [...new Set(shards.flatMap(({ result }) => result.policies))].sort(compareText),
    flows,
    skipped,
    problems: [...problems.values()].sort(compareProblems),
    ...(selfHosted.length ? { selfHosted: groupSelfHosted(selfHosted) } : {}),
    summary: summarize(flows, scanned, skipped.length, (vendor) => described.get(vendor) ?? { vendor, name: vendor }),
    ...(unresolved.size ? { unresolvedImports: [...unresolved.values()].sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column) } : {}),
  };
}
