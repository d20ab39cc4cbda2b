import type * as TS from 'typescript';
import { findSinkCalls, oneLine, type SinkCall, type SinkItem } from './analyze';
import { redact } from '../model/redact';
import type { DataItem, Flow, Span, TraceStep } from '../model/result';
import type { Project } from './project';
import type { HashStrength } from './value';
import { ts } from './ts';

export interface FindOptions {
  /** The file's path as reports show it (relative to the scanned root). */
  file: string;
  /** The catalog, the other files (imports of the app's own modules are followed) and what was learnt of them. */
  project: Project;
  /** How to show another file's path in a trace (default: as it is). */
  displayPath?: (absolutePath: string) => string;
}

/** One personal-data item found at an SDK call, before any policy judged it. Plain data: the scan cache stores it. */
export interface FoundItem {
  category: DataItem['category'];
  /** Redacted as reports show it (literal e-mail addresses and tokens masked); the policy's `field` entries match this. */
  field: string;
  /** With category `unclassified`: the expression of unknown shape whose fields are sent, redacted. */
  unknownShape?: string;
  anonymizer?: { name: string; strength: HashStrength; note?: string };
  role: DataItem['role'];
  origin: DataItem['origin'];
  at: Span;
  trace: TraceStep[];
  /** The text range a fix deletes to drop the item (a property of an object literal written in the call). */
  removal?: { start: number; end: number };
}

/**
 * The server an OpenAI-compatible client was built with: where it comes from (one of host, env,
 * expression) and, when the catalog knows, who runs it (a vendor id, which is then `vendor` of the
 * call, or `self-hosted`). Without a target the host is unknown; the policy's `endpoints:` may say.
 */
export interface FoundEndpoint {
  sdk: string;
  host?: string;
  env?: string;
  expression?: string;
  target?: string;
}

/** One SDK call site and what reaches it, before judgment. */
export interface FoundCall {
  vendor: string;
  vendorName: string;
  sink: Flow['sink'];
  endpoint?: FoundEndpoint;
  items: FoundItem[];
}

/** What a file sends, independent of any policy: the part of the analysis worth caching. */
export interface FoundFile {
  calls: FoundCall[];
  /** `// piiflow-ignore-next-line` comments, with their reasons (judged against the verdicts). */
  suppressions: { line: number; column: number; reason: string }[];
}

/**
 * The engine's analysis of one file: the SDK calls and the personal data reaching them. Depends on
 * the file, the modules it imports (through the project's resolver), the catalog and the declared
 * anonymizers the project was made with, never on the policy's verdicts, so its result can be kept
 * (the scan cache) while the policy changes. The session judges it.
 */
export function findInSourceFile(sourceFile: TS.SourceFile, options: FindOptions): FoundFile {
  try {
    const calls = findSinkCalls(sourceFile, options.project.catalog, options.project).map((call) => toFoundCall(call, sourceFile, options));
    return { calls, suppressions: suppressionComments(sourceFile) };
  } finally {
    options.project.endFile();
  }
}

/** The comment that accepts the violations of the next line; files that contain it are always analysed. */
export const SUPPRESSION_COMMENT = 'piiflow-ignore-next-line';

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
    return { line: position.line + 1, column: position.character + 1, reason: redact(match[1]!.replace(/\*\/\s*$/, '').trim()) };
  });
}

function toFoundCall(call: SinkCall, sourceFile: TS.SourceFile, options: Pick<FindOptions, 'file' | 'displayPath'>): FoundCall {
  const items = call.items.map((item): FoundItem => {
    const removal = removalRange(item, sourceFile);
    return {
      category: item.category,
      field: redact(item.field),
      ...(item.unknownShape !== undefined ? { unknownShape: redact(item.unknownShape) } : {}),
      ...(item.anonymizer ? { anonymizer: { name: item.anonymizer.name, strength: item.anonymizer.strength, ...(item.anonymizer.note ? { note: redact(item.anonymizer.note) } : {}) } } : {}),
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
    ...(call.endpoint ? { endpoint: { sdk: call.endpoint.sdk, ...call.endpoint.source, ...(call.endpoint.target !== undefined ? { target: call.endpoint.target } : {}) } } : {}),
    items,
  };
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

function viaOf(node: TS.CallExpression | TS.NewExpression, sourceFile: TS.SourceFile, options: Pick<FindOptions, 'file' | 'displayPath'>): NonNullable<Flow['sink']['via']> {
  const { file, line, column } = traceStep(node, sourceFile, options);
  return { file, line, column, call: oneLine(node.expression.getText(node.getSourceFile())).replace(/\?\./g, '.') };
}

/** A place the value passed through, in this file or (when imports were followed) another one. */
function traceStep(node: TS.Node, sourceFile: TS.SourceFile, options: Pick<FindOptions, 'file' | 'displayPath'>): TraceStep {
  const home = node.getSourceFile();
  const file = home === sourceFile ? options.file : (options.displayPath?.(home.fileName) ?? home.fileName);
  const start = home.getLineAndCharacterOfPosition(node.getStart(home));
  return { file, line: start.line + 1, column: start.character + 1, expression: oneLine(node.getText(home)) };
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
