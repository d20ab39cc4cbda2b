import type * as TS from 'typescript';
import { dirname, relative, resolve } from 'node:path';
import { asList } from '../catalog/catalog';
import { PiiflowUserError } from '../model/errors';
import { READ_LIMITS, readRegularText } from '../model/read-file';
import { parseSource, syntaxError } from '../engine/parse';
import type { FileEvaluator } from '../engine/evaluate';
import { redact } from '../model/redact';
import { endpointSource } from '../model/endpoints';
import type { DataItem, Explanation, Flow, Span, TraceStep } from '../model/result';
import { isInside } from '../model/paths';
import { propertyNameText } from '../engine/scope';
import { ts } from '../engine/ts';
import { repositoryRoot } from './module-graph';
import { AnalysisSession } from './session';

export type { Explanation };

/**
 * Everything piiflow concluded about one line: the flows there with their traces, and for calls
 * that look like SDK calls but are not reported, the reason.
 */
export function explain(file: string, line: number, options: { cwd?: string; policy?: string; rulesDir?: string; maxFileBytes?: number } = {}): Explanation {
  const cwd = options.cwd ?? process.cwd();
  // A regular file within the scan's size limit: a device or pipe named like a source file is refused at once.
  const text = readRegularText(file, { maxBytes: options.maxFileBytes ?? READ_LIMITS.source, display: relative(cwd, file) || file, what: 'source file' }).replace(/^\uFEFF/, '');
  // The same session a scan of the file's repository makes: its policy (custom vendors and
  // anonymizers included), its repository boundary, its verdicts.
  const session = new AnalysisSession({
    cwd,
    displayRoot: cwd,
    boundary: repositoryRoot(dirname(file)),
    settled: true,
    // Only this file is reported on: a call of the app's own wrapper shows what the wrapper sends
    // (which a scan reports at the wrapper's SDK call) as a flow of this call, through the wrapper.
    reportsOn: (path) => path === file,
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
    ...(options.rulesDir !== undefined ? { rulesDir: options.rulesDir } : {}),
  });
  const sourceFile = parseSource(text, file);
  const error = syntaxError(sourceFile);
  if (error) throw new PiiflowUserError(`syntax error: ${error.message}`, { file: relative(cwd, file), line: error.line, column: error.column });
  if (line < 1 || line > sourceFile.getLineStarts().length) {
    throw new PiiflowUserError(`line ${line} is outside the file (1 to ${sourceFile.getLineStarts().length})`, { file: relative(cwd, file) });
  }
  const outcome = session.analyze(file, text, sourceFile);
  if (outcome.kind === 'not-analysed') throw new PiiflowUserError(`not analysed: ${outcome.reason}`, { file: relative(cwd, file) });
  const flows = outcome.kind === 'found' ? outcome.analysis.flows : [];
  // A call is on the line when it starts there, ends there or spans it, or when data enters it there.
  const onLine = flows.filter((flow) => (flow.sink.line <= line && line <= flow.sink.endLine) || flow.data.some((item) => item.at.line === line)).map((flow) => throughWrapper(flow, session, cwd));

  const reportedVendors = new Set(onLine.map((flow) => flow.vendor));
  const notSinks: Explanation['notSinks'] = [];
  // A client of a server the team runs: an SDK call, but no third party receives what it sends.
  const selfHosted = outcome.kind === 'found' ? outcome.analysis.selfHosted.filter(({ call }) => call.line === line) : [];
  for (const { endpoint, call } of selfHosted) {
    const by = endpoint.resolvedBy === 'policy' ? " (the policy's endpoints:)" : '';
    notSinks.push({ call: call.call, reason: `an ${endpoint.sdkName} client at ${endpointSource(endpoint)}, a self-hosted server${by}: no third party receives what it sends (listed under selfHosted)` });
  }
  const selfHostedCalls = new Set(selfHosted.map(({ call }) => `${call.line}:${call.column}`));
  const evaluator = session.evaluatorFor(sourceFile);
  const display = (absolute: string): string => session.display(absolute);
  const visit = (node: TS.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && lineOf(node, sourceFile) === line && !selfHostedCalls.has(positionOf(node, sourceFile))) {
      const reason = whyNot(node, evaluator, display, reportedVendors);
      if (reason) notSinks.push({ call: redact(node.expression.getText(sourceFile).replace(/\s+/g, ' ')), reason });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { flows: onLine, notSinks };
}

function positionOf(node: TS.Node, sourceFile: TS.SourceFile): string {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return `${line + 1}:${character + 1}`;
}

/**
 * A flow through the app's own function (`track(user)` whose body sends `$email: user.email`): the
 * trace of each item goes on inside the function, with the lines the function's own analysis
 * found between its parameter and the SDK call (`user.email` at line 7), not only the call.
 */
function throughWrapper(flow: Flow, session: AnalysisSession, cwd: string): Flow {
  const via = flow.sink.via;
  if (!via) return flow;
  const path = resolve(cwd, via.file);
  if (!session.options.boundary || !isInside(session.options.boundary, path)) return flow;
  let text: string;
  try {
    text = readRegularText(path, { maxBytes: READ_LIMITS.source, display: via.file, what: 'source file' }).replace(/^\uFEFF/, '');
  } catch {
    return flow; // The trace stays as the caller's analysis found it.
  }
  const outcome = session.analyze(path, text);
  if (outcome.kind !== 'found') return flow;
  const inner = outcome.analysis.flows.find((candidate) => candidate.sink.line === via.line && candidate.sink.column === via.column && candidate.vendor === flow.vendor);
  if (!inner) return flow;
  const lines = text.split(/\r?\n/);
  const data = flow.data.map((item): DataItem => {
    const own = inner.data.find((candidate) => candidate.field === item.field && candidate.category === item.category) ?? inner.data.find((candidate) => candidate.category === item.category);
    if (!own || item.trace.length === 0) return item;
    // The caller's hops, then the function's own hops (its last one is the SDK call, the caller's
    // last too); a value written in the call itself (`$email: user.email`) is a hop where it enters.
    const seen = new Set(item.trace.map(stepKey));
    const entered: TraceStep = { file: via.file, line: own.at.line, column: own.at.column, expression: spanText(lines, own.at) };
    const hops = own.trace.length > 1 ? own.trace.slice(0, -1) : [entered];
    const inside = hops.filter((step) => !seen.has(stepKey(step)));
    return { ...item, trace: [...item.trace.slice(0, -1), ...inside, item.trace[item.trace.length - 1]!] };
  });
  return { ...flow, data };
}

/** The code of a span, on one line, redacted as trace steps are. */
function spanText(lines: readonly string[], span: Span): string {
  const parts = lines.slice(span.line - 1, span.endLine);
  if (parts.length === 0) return '';
  parts[parts.length - 1] = parts[parts.length - 1]!.slice(0, span.line === span.endLine ? span.endColumn - 1 : span.endColumn - 1);
  parts[0] = parts[0]!.slice(span.column - 1);
  return redact(parts.map((part) => part.trim()).join(' ').slice(0, 200));
}

function stepKey(step: TraceStep): string {
  return `${step.file}:${step.line}:${step.column}`;
}

function lineOf(node: TS.Node, sourceFile: TS.SourceFile): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/** Why a call is not reported as an SDK call, or undefined for calls nobody would mistake for one. */
function whyNot(
  call: TS.CallExpression | TS.NewExpression,
  evaluator: FileEvaluator,
  display: (path: string) => string,
  reportedVendors: ReadonlySet<string>,
): string | undefined {
  const callee = evaluator.evaluate(call.expression);
  if (callee.sdks?.some((sdk) => reportedVendors.has(sdk.vendor.id))) return undefined;
  for (const sdk of callee.sdks ?? []) {
    const sinks = sdk.vendor.sinksByPath.get(sdk.path) ?? [];
    const method = sdk.path === '' ? `${sdk.vendor.name} called directly` : `${sdk.vendor.name}'s ${sdk.path}`;
    if (sinks.length === 0 && !sdk.vendor.collectsByPath.has(sdk.path)) {
      return `${method} is not a call that carries data in the catalog (rules/vendors/${sdk.vendor.id}.yaml)`;
    }
    const commands = sinks.flatMap((sink) => Object.entries(sink.command ?? {}).map(([index, values]) => `argument ${index} is ${asList(values).join(' or ')}`));
    if (commands.length) return `${method} carries data only when ${[...new Set(commands)].join(', or ')}`;
    return `${method} carries data, but none of what reaches it here is personal`;
  }
  const root = rootIdentifier(call.expression);
  const binding = root && evaluator.scopes.resolve(root);
  // `const mixpanel = { track() {} }; mixpanel.track(...)`: say what the name really is first.
  if (callee.functions?.length && !(binding && ts.isPropertyAccessExpression(call.expression) && binding.kind !== 'import' && binding.kind !== 'param')) {
    if (reportedVendors.size > 0) return undefined;
    const fn = callee.functions[0]!;
    const home = fn.getSourceFile();
    const where = `${display(home.fileName)}:${home.getLineAndCharacterOfPosition(fn.getStart(home)).line + 1}`;
    return `the app's own function (${where}); nothing personal passed here reaches an SDK through it`;
  }
  if (!root) return undefined;
  if (binding) {
    const declaration = binding.declaration;
    const home = declaration.getSourceFile();
    const where = `${display(home.fileName)}:${home.getLineAndCharacterOfPosition(declaration.getStart(home)).line + 1}`;
    if (binding.kind === 'import') {
      const specifier = importSpecifier(declaration);
      if (specifier && !specifier.startsWith('.') && !evaluator.project?.graph.resolve(specifier, home.fileName)) {
        return `\`${root.text}\` is imported from '${specifier}', which is not a vendor in the catalog (add one with npm run new-vendor)`;
      }
      return `\`${root.text}\` is imported from '${specifier ?? '?'}' (${where}) and is not an SDK`;
    }
    const initializer = ts.isVariableDeclaration(declaration) && declaration.initializer ? describeInitializer(declaration.initializer) : undefined;
    return `\`${root.text}\` is a ${binding.kind === 'param' ? 'parameter' : `local ${binding.kind}`} declared at ${where}${initializer ? ` (${initializer})` : ''}, not an SDK`;
  }
  // Built-ins (Date, JSON, fetch) are nobody's SDK; other unknown globals might be mistaken for one.
  if (!evaluator.catalog.globals.has(root.text) && !(root.text in globalThis) && root.text !== 'window' && root.text !== 'document') {
    return `\`${root.text}\` is a global that is not a vendor in the catalog`;
  }
  return undefined;
}

function rootIdentifier(node: TS.Expression): TS.Identifier | undefined {
  let current: TS.Expression = node;
  for (;;) {
    if (ts.isIdentifier(current)) return current;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) current = current.expression;
    else if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current)) current = current.expression;
    else return undefined;
  }
}

function importSpecifier(declaration: TS.Node): string | undefined {
  for (let node: TS.Node | undefined = declaration; node; node = node.parent) {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) return node.moduleSpecifier.text;
  }
  return undefined;
}

function describeInitializer(node: TS.Expression): string {
  if (ts.isObjectLiteralExpression(node)) {
    const keys = node.properties.flatMap((property) => (property.name ? [propertyNameText(property.name) ?? '?'] : []));
    return `an object literal with ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', ...' : ''}`;
  }
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return 'a function';
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return `the result of ${node.expression.getText().replace(/\s+/g, ' ').slice(0, 40)}(...)`;
  return node.getText().replace(/\s+/g, ' ').slice(0, 40);
}
