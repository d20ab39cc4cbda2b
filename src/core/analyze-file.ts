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

/** The one analysis both front-ends run on a file: SDK calls, the personal data reaching them, and the policy's verdicts. */
export function analyzeSourceFile(sourceFile: ts.SourceFile, options: AnalyzeOptions): FileAnalysis {
  const removals = new Map<DataItem, { start: number; end: number }>();
  options.project?.useAnonymizers(options.policy.policy.anonymizers, options.policy.path ? dirname(options.policy.path) : process.cwd());
  const flows = findSinkCalls(sourceFile, options.catalog, options.project).map((call) => toFlow(call, sourceFile, options, removals));
  flows.sort((a, b) => a.sink.line - b.sink.line || a.sink.column - b.sink.column || a.vendor.localeCompare(b.vendor));
  const problems = applySuppressionComments(sourceFile, flows);
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

/**
 * `// piiflow-ignore-next-line <reason>` accepts the violations on the next line: of a call that
 * starts there, or of items that enter a call there. A comment without a reason suppresses
 * nothing; one that suppresses nothing is reported too.
 */
function applySuppressionComments(sourceFile: ts.SourceFile, flows: Flow[]): FileProblem[] {
  const problems: FileProblem[] = [];
  const text = sourceFile.text;
  if (!text.includes(SUPPRESSION_COMMENT)) return problems;
  for (const match of text.matchAll(SUPPRESSION)) {
    const position = sourceFile.getLineAndCharacterOfPosition(match.index + match[0].indexOf('//'));
    const line = position.line + 1;
    const column = position.character + 1;
    const reason = match[1]!.replace(/\*\/\s*$/, '').trim();
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

function toFlow(call: SinkCall, sourceFile: ts.SourceFile, options: AnalyzeOptions, removals: FileAnalysis['removals']): Flow {
  const data = call.items.map((item) => {
    const decision = decide(options.policy, {
      vendorId: call.vendor.id,
      vendorName: call.vendor.name,
      category: item.category,
      field: item.field,
      anonymizer: item.anonymizer,
      file: sourceFile.fileName,
    });
    const dataItem: DataItem = {
      category: item.category,
      field: redact(item.field),
      anonymized: item.anonymizer !== undefined,
      ...(item.anonymizer ? { anonymizer: item.anonymizer.name } : {}),
      ...(item.anonymizer?.weak ? { weakAnonymizer: true } : {}),
      role: item.role,
      origin: item.origin,
      verdict: decision.verdict,
      reason: decision.reason,
      ...(decision.suppressed ? { suppressed: decision.suppressed } : {}),
      fingerprint: '',
      at: spanOf(item.entry, sourceFile),
      trace: item.trace.map((node) => traceStep(node, sourceFile, options)),
    };
    dataItem.fingerprint = fingerprintOf({ vendor: call.vendor.id, sink: { file: options.file, call: redact(call.callee), method: call.method } as Flow['sink'] }, dataItem);
    const removal = removalRange(item, sourceFile);
    if (removal) removals.set(dataItem, removal);
    return dataItem;
  });
  data.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column || a.field.localeCompare(b.field) || a.category.localeCompare(b.category));
  return {
    vendor: call.vendor.id,
    sink: {
      file: options.file,
      ...sinkSpan(call.call, sourceFile),
      call: redact(call.callee),
      method: call.method,
      through: call.entry,
      ...(call.via ? { via: viaOf(call.via, sourceFile, options) } : {}),
    },
    data,
    verdict: verdictOf(data),
  };
}

/** A call's place; in a chain (`new Identify()\n  .set(a, b)`), the method name, where people look for it. */
function sinkSpan(call: ts.CallExpression | ts.NewExpression, sourceFile: ts.SourceFile): Span {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee) && ts.isCallOrNewExpression(skipParentheses(callee.expression))) {
    return { ...spanOf(callee.name, sourceFile), ...endOf(call, sourceFile) };
  }
  return spanOf(call, sourceFile);
}

function skipParentheses(node: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(node) ? skipParentheses(node.expression) : node;
}

function endOf(node: ts.Node, sourceFile: ts.SourceFile): { endLine: number; endColumn: number } {
  const end = sourceFile.getLineAndCharacterOfPosition(node.end);
  return { endLine: end.line + 1, endColumn: end.character + 1 };
}

function spanOf(node: ts.Node, sourceFile: ts.SourceFile): Span {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function viaOf(node: ts.CallExpression | ts.NewExpression, sourceFile: ts.SourceFile, options: AnalyzeOptions): NonNullable<Flow['sink']['via']> {
  const { file, line, column } = traceStep(node, sourceFile, options);
  return { file, line, column, call: redact(oneLine(node.expression.getText(node.getSourceFile())).replace(/\?\./g, '.')) };
}

/** A place the value passed through, in this file or (when imports were followed) another one. */
function traceStep(node: ts.Node, sourceFile: ts.SourceFile, options: AnalyzeOptions): TraceStep {
  const home = node.getSourceFile();
  const file = home === sourceFile ? options.file : (options.displayPath?.(home.fileName) ?? home.fileName);
  const start = home.getLineAndCharacterOfPosition(node.getStart(home));
  return { file, line: start.line + 1, column: start.character + 1, expression: redact(oneLine(node.getText(home))) };
}

/** The text to delete to drop a property from the object literal in the call, with its comma. */
function removalRange(item: SinkItem, sourceFile: ts.SourceFile): { start: number; end: number } | undefined {
  const property = item.removable;
  if (!property || !ts.isObjectLiteralExpression(property.parent)) return undefined;
  const siblings = property.parent.properties;
  const index = siblings.indexOf(property);
  if (index < siblings.length - 1) return { start: property.getStart(sourceFile), end: siblings[index + 1]!.getStart(sourceFile) };
  if (index > 0) return { start: siblings[index - 1]!.end, end: property.end };
  // The only property: empty the braces, `{ email }` becomes `{}`.
  return { start: property.parent.getStart(sourceFile) + 1, end: property.parent.end - 1 };
}
