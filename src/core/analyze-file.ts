import type * as TS from 'typescript';
import { findSinkCalls, oneLine, type SinkCall, type SinkItem } from './analyze';
import type { Catalog } from './catalog';
import { decide, type LoadedPolicy } from './policy';
import { redact } from './redact';
import type { DataItem, Flow, Span, TraceStep } from './result';
import { dirname } from 'node:path';
import { fingerprintOf } from './fingerprint';
import type { Project } from './project';
import { ts } from './ts';

/** A problem with how the file uses piiflow (a suppression comment without a reason, or one that suppresses nothing). */
export interface FileProblem {
  line: number;
  column: number;
  message: string;
}

export interface FileAnalysis {
  problems: FileProblem[];
  flows: Flow[];
  /** For items that are a property of an object literal written in the call: the text range that removes it. */
  removals: Map<DataItem, { start: number; end: number }>;
}

export interface AnalyzeOptions {
  catalog: Catalog;
  policy: LoadedPolicy;
  /** The file's path as reports show it (relative to the scanned root). */
  file: string;
  /** The other files: with it, imports of the app's own modules are followed. */
  project?: Project;
  /** How to show another file's path in a trace (default: as it is). */
  displayPath?: (absolutePath: string) => string;
}

/** One personal-data item found at an SDK call, before any policy judged it. Plain data: the scan cache stores it. */
export interface FoundItem {
  category: DataItem['category'];
  /** Redacted as reports show it (literal e-mail addresses and tokens masked); the policy's `field` entries match this. */
  field: string;
  anonymizer?: { name: string; weak: boolean };
  role: DataItem['role'];
  origin: DataItem['origin'];
  at: Span;
  trace: TraceStep[];
  /** The text range a fix deletes to drop the item (a property of an object literal written in the call). */
  removal?: { start: number; end: number };
}

/** One SDK call site and what reaches it, before judgment. */
export interface FoundCall {
  vendor: string;
  vendorName: string;
  sink: Flow['sink'];
  items: FoundItem[];
}

/** What a file sends, independent of any policy: the part of the analysis worth caching. */
export interface FoundFile {
  calls: FoundCall[];
  /** `// piiflow-ignore-next-line` comments, with their reasons (judged against the verdicts). */
  suppressions: { line: number; column: number; reason: string }[];
}

/** The one analysis both front-ends run on a file: SDK calls, the personal data reaching them, and the policy's verdicts. */
export function analyzeSourceFile(sourceFile: TS.SourceFile, options: AnalyzeOptions): FileAnalysis {
  return judgeFile(findInSourceFile(sourceFile, options), { ...options, absolutePath: sourceFile.fileName });
}

/**
 * The first half of the analysis: the SDK calls and the personal data reaching them. Depends on
 * the file, the modules it imports, the catalog and the policy's declared anonymizers, never on
 * the rest of the policy, so its result can be kept while the policy changes.
 */
export function findInSourceFile(sourceFile: TS.SourceFile, options: Omit<AnalyzeOptions, 'policy'> & { policy: Pick<LoadedPolicy, 'policy' | 'path'> }): FoundFile {
  options.project?.useAnonymizers(options.policy.policy.anonymizers, options.policy.path ? dirname(options.policy.path) : process.cwd());
  try {
    const calls = findSinkCalls(sourceFile, options.catalog, options.project).map((call) => toFoundCall(call, sourceFile, options));
    return { calls, suppressions: suppressionComments(sourceFile) };
  } finally {
    options.project?.endFile();
  }
}

/**
 * The second half: the policy's verdict on every item, ignores and suppression comments applied.
 * Cheap, and run on every scan even when the first half comes from the cache, because verdicts
 * depend on the policy and on today's date (an ignore entry's `expires`).
 */
export function judgeFile(found: FoundFile, options: { policy: LoadedPolicy; file: string; absolutePath: string }): FileAnalysis {
  const removals = new Map<DataItem, { start: number; end: number }>();
  const flows = found.calls.map((call) => judgeCall(call, options, removals));
  flows.sort((a, b) => a.sink.line - b.sink.line || a.sink.column - b.sink.column || a.vendor.localeCompare(b.vendor));
  const problems = applySuppressionComments(found.suppressions, flows);
  return { flows, removals, problems };
}

/** The comment that accepts the violations of the next line; files that contain it are always analysed. */
const SUPPRESSION_COMMENT = 'piiflow-ignore-next-line';

/**
 * Whether a file needs parsing and analysis at all: it can reach an SDK, or it has suppression
 * comments to check. Both front-ends ask before building a tree; the rest is a syntax check at most.
 */
export function needsAnalysis(path: string, text: string, project: Project): boolean {
  return text.includes(SUPPRESSION_COMMENT) || project.reachesSdk(path, text);
}

// A line comment on a line of its own (not a mention inside another comment or a string).
const SUPPRESSION = /^[ \t]*\/\/[ \t]*piiflow-ignore-next-line\b[ \t]*(.*)$/gm;

function suppressionComments(sourceFile: TS.SourceFile): FoundFile['suppressions'] {
  const text = sourceFile.text;
  if (!text.includes(SUPPRESSION_COMMENT)) return [];
  return [...text.matchAll(SUPPRESSION)].map((match) => {
    const position = sourceFile.getLineAndCharacterOfPosition(match.index + match[0].indexOf('//'));
    return { line: position.line + 1, column: position.character + 1, reason: match[1]!.replace(/\*\/\s*$/, '').trim() };
  });
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
      problems.push({ line, column, message: 'piiflow-ignore-next-line needs a reason: say why this data may go to the vendor' });
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
      flow.verdict = verdictOf(flow.data);
    }
    if (!used) problems.push({ line, column, message: `piiflow-ignore-next-line suppresses nothing on line ${line + 1} (${reason}): remove it` });
  }
  return problems;
}

function verdictOf(items: readonly DataItem[]): Flow['verdict'] {
  return items.some((item) => item.verdict === 'violation' && !item.suppressed && !item.baselined) ? 'violation' : 'allowed';
}

function toFoundCall(call: SinkCall, sourceFile: TS.SourceFile, options: Pick<AnalyzeOptions, 'file' | 'displayPath'>): FoundCall {
  const items = call.items.map((item): FoundItem => {
    const removal = removalRange(item, sourceFile);
    return {
      category: item.category,
      field: redact(item.field),
      ...(item.anonymizer ? { anonymizer: { name: item.anonymizer.name, weak: item.anonymizer.weak } } : {}),
      role: item.role,
      origin: item.origin,
      at: spanOf(item.entry, sourceFile),
      trace: item.trace.map((node) => traceStep(node, sourceFile, options)),
      ...(removal ? { removal } : {}),
    };
  });
  return {
    vendor: call.vendor.id,
    vendorName: call.vendor.name,
    sink: {
      file: options.file,
      ...sinkSpan(call.call, sourceFile),
      call: redact(call.callee),
      method: call.method,
      through: call.entry,
      ...(call.via ? { via: viaOf(call.via, sourceFile, options) } : {}),
    },
    items,
  };
}

function judgeCall(call: FoundCall, options: { policy: LoadedPolicy; file: string; absolutePath: string }, removals: FileAnalysis['removals']): Flow {
  const sink = { ...call.sink, file: options.file };
  const data = call.items.map((item) => {
    const decision = decide(options.policy, {
      vendorId: call.vendor,
      vendorName: call.vendorName,
      category: item.category,
      field: item.field,
      anonymizer: item.anonymizer,
      file: options.absolutePath,
    });
    const dataItem: DataItem = {
      category: item.category,
      field: item.field,
      anonymized: item.anonymizer !== undefined,
      ...(item.anonymizer ? { anonymizer: item.anonymizer.name } : {}),
      ...(item.anonymizer?.weak ? { weakAnonymizer: true } : {}),
      role: item.role,
      origin: item.origin,
      verdict: decision.verdict,
      reason: decision.reason,
      ...(decision.suppressed ? { suppressed: decision.suppressed } : {}),
      fingerprint: '',
      at: { ...item.at },
      trace: item.trace.map((step) => ({ ...step })),
    };
    dataItem.fingerprint = fingerprintOf({ vendor: call.vendor, sink }, dataItem);
    if (item.removal) removals.set(dataItem, item.removal);
    return dataItem;
  });
  data.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column || a.field.localeCompare(b.field) || a.category.localeCompare(b.category));
  return { vendor: call.vendor, sink, data, verdict: verdictOf(data) };
}

/** A call's place; in a chain (`new Identify()\n  .set(a, b)`), the method name, where people look for it. */
function sinkSpan(call: TS.CallExpression | TS.NewExpression, sourceFile: TS.SourceFile): Span {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee) && ts.isCallOrNewExpression(skipParentheses(callee.expression))) {
    return { ...spanOf(callee.name, sourceFile), ...endOf(call, sourceFile) };
  }
  return spanOf(call, sourceFile);
}

function skipParentheses(node: TS.Expression): TS.Expression {
  return ts.isParenthesizedExpression(node) ? skipParentheses(node.expression) : node;
}

function endOf(node: TS.Node, sourceFile: TS.SourceFile): { endLine: number; endColumn: number } {
  const end = sourceFile.getLineAndCharacterOfPosition(node.end);
  return { endLine: end.line + 1, endColumn: end.character + 1 };
}

function spanOf(node: TS.Node, sourceFile: TS.SourceFile): Span {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function viaOf(node: TS.CallExpression | TS.NewExpression, sourceFile: TS.SourceFile, options: Pick<AnalyzeOptions, 'file' | 'displayPath'>): NonNullable<Flow['sink']['via']> {
  const { file, line, column } = traceStep(node, sourceFile, options);
  return { file, line, column, call: redact(oneLine(node.expression.getText(node.getSourceFile())).replace(/\?\./g, '.')) };
}

/** A place the value passed through, in this file or (when imports were followed) another one. */
function traceStep(node: TS.Node, sourceFile: TS.SourceFile, options: Pick<AnalyzeOptions, 'file' | 'displayPath'>): TraceStep {
  const home = node.getSourceFile();
  const file = home === sourceFile ? options.file : (options.displayPath?.(home.fileName) ?? home.fileName);
  const start = home.getLineAndCharacterOfPosition(node.getStart(home));
  return { file, line: start.line + 1, column: start.character + 1, expression: redact(oneLine(node.getText(home))) };
}

/** The text to delete to drop a property from the object literal in the call, with its comma. */
function removalRange(item: SinkItem, sourceFile: TS.SourceFile): { start: number; end: number } | undefined {
  const property = item.removable;
  if (!property || !ts.isObjectLiteralExpression(property.parent)) return undefined;
  const siblings = property.parent.properties;
  const index = siblings.indexOf(property);
  if (index < siblings.length - 1) return { start: property.getStart(sourceFile), end: siblings[index + 1]!.getStart(sourceFile) };
  if (index > 0) return { start: siblings[index - 1]!.end, end: property.end };
  // The only property: empty the braces, `{ email }` becomes `{}`.
  return { start: property.parent.getStart(sourceFile) + 1, end: property.parent.end - 1 };
}
