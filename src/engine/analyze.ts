import type * as TS from 'typescript';
import type { Category } from '../model/categories';
import { UNCLASSIFIED, type ItemCategory } from '../model/result';
import { appliesToEntry, asList, type Catalog, type LoadedVendor } from '../catalog/catalog';
import type { ArgumentRole, ArgumentSpec, VendorCollection, VendorSink } from '../catalog/catalog-types';
import { FileEvaluator, literalText, type Environment } from './evaluate';
import { isSubjectName } from '../catalog/names';
import { excerpt } from '../model/redact';
import type { Project } from './project';
import { propertyNameText } from './scope';
import { ts } from './ts';
import { endpointKey, flatten, type Anonymizer, type Opaque, type SdkEndpoint, type SdkRef, type Taint, type Value } from './value';

/** One personal-data item that reaches a sink call. */
export interface SinkItem {
  category: ItemCategory;
  /** The key path inside the argument (`$email`, `properties.email`), or the argument's text for scalars. */
  field: string;
  /** With category `unclassified`: the expression of unknown shape whose fields are sent (`req.body`). */
  unknownShape?: string;
  role: ArgumentRole;
  origin: Taint['origin'] | 'shape';
  anonymizer?: Anonymizer;
  /** Source first; the last hop is inside the call's arguments. */
  trace: readonly TS.Node[];
  /** The innermost node inside the call's arguments through which the item enters it. */
  entry: TS.Node;
  /** Set when `entry` is a property of an object literal written in the call, which a fix can remove. */
  removable?: TS.ObjectLiteralElementLike;
}

/** One SDK call site with everything personal that reaches it. */
export interface SinkCall {
  vendor: LoadedVendor;
  /** The SDK call; for data passed through the app's own function, the call of that function. */
  call: TS.CallExpression | TS.NewExpression;
  /** When `call` is a call of the app's own function: the SDK call inside it that the data reaches. */
  via?: TS.CallExpression | TS.NewExpression;
  /** The callee as written, normalized (`window.mixpanel?.people.set` becomes `window.mixpanel.people.set`). */
  callee: string;
  /** The catalog path of the call (`people.set`; `(call)` for the SDK called directly). */
  method: string;
  /** The entrypoint the SDK was reached through: a package name or `global:<name>`. */
  entry: string;
  /** The server the client was built with (an OpenAI-compatible SDK), when the code names one. */
  endpoint?: SdkEndpoint;
  items: SinkItem[];
}

const SCALAR_ROLES: ReadonlySet<ArgumentRole> = new Set(['user-id', 'group-id', 'device-id', 'message', 'event-name']);
const SUBJECT_ROLES: ReadonlySet<ArgumentRole> = new Set(['user-id', 'user', 'user-properties']);
/**
 * Roles whose arguments are records of fields: an object of unknown shape sent as the argument is reported
 * unclassified. Inside an object (`track({ event, properties: req.body })`) any role but configuration counts.
 */
const SHAPED_ROLES: ReadonlySet<ArgumentRole> = new Set(['user', 'user-properties', 'event-properties', 'context']);
const ROLE_DEFAULT_CATEGORY: Partial<Record<ArgumentRole, Category>> = {
  'user-id': 'user_id',
  'group-id': 'org_id',
  'device-id': 'device_id',
};
const MAX_OBJECT_DEPTH = 4;

/**
 * A file can reach an SDK only if it names a catalog package or a catalog global, or (with a
 * project) imports an app module that does. Checking that first keeps files that touch no vendor
 * at the cost of one regular expression.
 */
export function mayReachSdk(sourceFile: TS.SourceFile, catalog: Catalog, project?: Project): boolean {
  return project ? project.reachesSdk(sourceFile.fileName, sourceFile.text) : catalog.prefilter.test(sourceFile.text);
}

/** Every SDK call in the file, with the personal data each one receives or makes the SDK collect. */
export function findSinkCalls(sourceFile: TS.SourceFile, catalog: Catalog, project?: Project): SinkCall[] {
  if (!mayReachSdk(sourceFile, catalog, project)) return [];
  const evaluator = project ? project.evaluatorFor(sourceFile) : new FileEvaluator(sourceFile, catalog);
  const calls: SinkCall[] = [];
  const lastSegments = sinkLastSegments(catalog);
  // Statements and class members that cannot reach an SDK (a file that imports a wrapper and calls it in two places).
  const cold = project ? project.reachingUnitsOf(sourceFile).cold : undefined;
  const visit = (node: TS.Node): void => {
    if (cold?.has(node)) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      evaluator.checkBudget();
      if (couldBeSink(node.expression, lastSegments)) calls.push(...matchSinks(node, evaluator));
      calls.push(...throughFunctions(node, evaluator));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return calls;
}

// ---------------------------------------------------------------- function summaries

/**
 * Where a parameter of a function reaches an SDK: `track(event, props)` whose body calls
 * `mixpanel.track(event, props)` has an entry for parameter 1, role event-properties. Entries say
 * what the function already reports by itself there (`known`), so callers report only what they add.
 */
export interface SummaryEntry {
  index: number;
  path: readonly string[];
  spec: ArgumentSpec;
  /** Where the parameter sits in the SDK's argument (`$email`, `properties`), '' for the argument itself. */
  field: string;
  subject: boolean;
  vendor: LoadedVendor;
  method: string;
  through: string;
  endpoint?: SdkEndpoint;
  /** The SDK call the value reaches. */
  sink: CallLike;
  /** The calls between the caller's argument and the SDK call, outermost first, ending with the SDK call. */
  hops: readonly TS.Node[];
  known: ReadonlySet<Category>;
}

/**
 * The summary of one of the app's functions, computed once and kept by the evaluator of the
 * function's file (so per run: a new Project starts afresh); recursion gives an empty summary for the inner call.
 */
function summaryOf(fn: TS.FunctionLikeDeclaration, caller: FileEvaluator): readonly SummaryEntry[] {
  const home = fn.getSourceFile();
  const evaluator = home === caller.sourceFile || !caller.project ? caller : caller.project.evaluatorFor(home);
  const cached = evaluator.summaries.get(fn);
  if (cached) return cached;
  if (evaluator.summarizing.has(fn) || !fn.body) return [];
  // A function of a module that cannot reach an SDK, or in a part of one that cannot (reaching-units.ts), sends nothing.
  if (caller.project && !canReachSdk(fn, home, caller.project)) {
    evaluator.summaries.set(fn, NO_ENTRIES);
    return NO_ENTRIES;
  }
  evaluator.summarizing.add(fn);
  const entries: SummaryEntry[] = [];
  try {
    const environment = evaluator.summaryEnvironment(fn);
    const visit = (node: TS.Node): void => {
      // A nested function declaration or class is summarized on its own; callbacks (arrows) share the parameters.
      if (node !== fn && (ts.isFunctionDeclaration(node) || ts.isClassLike(node) || ts.isMethodDeclaration(node))) return;
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        evaluator.checkBudget();
        const record = (entry: SummaryEntry): void => {
          entries.push(entry);
        };
        matchSinks(node, evaluator, { environment, onParam: record });
        throughFunctions(node, evaluator, { environment, onParam: record });
      }
      ts.forEachChild(node, visit);
    };
    visit(fn.body);
  } finally {
    evaluator.summarizing.delete(fn);
  }
  evaluator.summaries.set(fn, entries);
  return entries;
}

const NO_ENTRIES: readonly SummaryEntry[] = [];

/** Whether a call in `fn` may reach an SDK: its file can, and the top-level statement or class member holding it is not cold. */
function canReachSdk(fn: TS.Node, home: TS.SourceFile, project: Project): boolean {
  if (!project.reachesSdk(home.fileName, home.text)) return false;
  const { cold } = project.reachingUnitsOf(home);
  if (cold.size === 0) return true;
  for (let node: TS.Node = fn; node.parent; node = node.parent) {
    if (cold.has(node)) return false;
    if (node.parent === home) break;
  }
  return true;
}

interface SummaryMode {
  environment: Environment;
  onParam: (entry: SummaryEntry) => void;
}

/**
 * Data passed to the app's own functions that pass it on to an SDK (a wrapper in lib/analytics.ts),
 * reported at this call, where it is chosen, with the trace continuing into the function.
 */
function throughFunctions(call: CallLike, evaluator: FileEvaluator, mode?: SummaryMode): SinkCall[] {
  const callee = evaluator.evaluateIn(call.expression, mode?.environment);
  if (!callee.functions) return [];
  const byVendor = new Map<string, SinkCall>();
  for (const fn of callee.functions) {
    if (!ts.isFunctionLike(fn)) continue;
    for (const entry of summaryOf(fn as TS.FunctionLikeDeclaration, evaluator)) {
      // An element of a rest parameter (`capture(...args)` passing `args[0]` on) is the argument at that position.
      const rest = (fn as TS.FunctionLikeDeclaration).parameters[entry.index]?.dotDotDotToken !== undefined && /^\d+$/.test(entry.path[0] ?? '');
      const position = rest ? entry.index + Number(entry.path[0]) : entry.index;
      const argument = call.arguments?.[position];
      if (!argument || ts.isSpreadElement(argument)) continue;
      let value = evaluator.evaluateIn(argument, mode?.environment);
      for (const name of rest ? entry.path.slice(1) : entry.path) value = evaluator.readProperty(value, name, argument);
      // One flow per SDK call reached, so that `via` names the call the items go to.
      const key = `${entry.vendor.id}\u0000${entry.sink.pos}\u0000${entry.sink.getSourceFile().fileName}\u0000${endpointKey(entry.endpoint)}`;
      let flow = byVendor.get(key);
      if (!flow) {
        flow = { vendor: entry.vendor, call, via: entry.sink, callee: calleeText(call.expression, evaluator.sourceFile), method: entry.method, entry: entry.through, ...(entry.endpoint ? { endpoint: entry.endpoint } : {}), items: [] };
        byVendor.set(key, flow);
      }
      const context: EnumerationContext = {
        evaluator,
        vendor: entry.vendor,
        call,
        items: flow.items,
        // What the function reports by itself is left to it, unless its file is not reported on (a
        // wrapper in another workspace package than the scanned folder): then the caller reports all.
        exclude: evaluator.project?.reportsOn(entry.sink.getSourceFile().fileName) === false ? undefined : entry.known,
        after: entry.hops,
        ...(mode ? { summary: { mode, entry: { ...entry, hops: [call, ...entry.hops] } } } : {}),
      };
      applyEntry(context, entry, value, argument);
    }
  }
  const flows = [...byVendor.values()];
  for (const flow of flows) flow.items = dedupeItems(flow.items);
  return flows.filter((flow) => flow.items.length > 0);
}

function applyEntry(context: EnumerationContext, entry: SummaryEntry, value: Value, argument: TS.Expression): void {
  if (typeof entry.spec === 'object') {
    enumerateCategory(context, value, entry.spec.is, argument);
    return;
  }
  if (entry.field === '') {
    enumerateArgument(context, value, entry.spec, argument);
    return;
  }
  const dot = entry.field.lastIndexOf('.');
  const key = entry.field.slice(dot + 1);
  const prefix = dot === -1 ? '' : entry.field.slice(0, dot);
  enumerateProperty(context, key, value, entry.spec, prefix, entry.subject, argument, argument, 0);
}

/** Records where a parameter of the function being summarized reaches the SDK. */
function reportParameters(context: EnumerationContext, value: Value, field: string, spec: ArgumentSpec, subject: boolean, known: Iterable<Category>): void {
  const summary = context.summary;
  if (!summary) return;
  for (const opaque of value.opaque ?? []) {
    if (!opaque.param) continue;
    const { entry } = summary;
    summary.mode.onParam({
      index: opaque.param.index,
      path: opaque.param.path,
      spec: entry.spec === undefined ? spec : entry.spec,
      // Fields found while applying an inner summary already start with that summary's field.
      field,
      subject: subject || entry.subject,
      vendor: entry.vendor,
      method: entry.method,
      through: entry.through,
      ...(entry.endpoint ? { endpoint: entry.endpoint } : {}),
      sink: entry.sink,
      hops: entry.hops,
      known: new Set([...entry.known, ...known]),
    });
  }
}



const lastSegmentCache = new WeakMap<Catalog, ReadonlySet<string>>();

function sinkLastSegments(catalog: Catalog): ReadonlySet<string> {
  let segments = lastSegmentCache.get(catalog);
  if (!segments) {
    const set = new Set<string>();
    for (const vendor of catalog.vendors.values()) {
      for (const path of [...vendor.sinksByPath.keys(), ...vendor.collectsByPath.keys()]) if (path !== '') set.add(path.slice(path.lastIndexOf('.') + 1));
      // A sink on the SDK itself is reached through a member only as a global (`window.FS(...)`) or a mapped export.
      for (const entry of vendor.entrypoints) {
        if (entry.global) set.add(entry.global);
        for (const name of Object.keys(entry.exports ?? {})) set.add(name);
      }
    }
    segments = set;
    lastSegmentCache.set(catalog, segments);
  }
  return segments;
}

/** Cheap shape test before evaluating a callee: identifiers always (imports can be renamed), member calls by name. */
function couldBeSink(callee: TS.Expression, lastSegments: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(callee)) return true;
  if (ts.isPropertyAccessExpression(callee)) return lastSegments.has(callee.name.text);
  if (ts.isElementAccessExpression(callee)) {
    const key = literalText(callee.argumentExpression);
    return key === undefined || lastSegments.has(key);
  }
  if (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee) || ts.isAsExpression(callee)) return couldBeSink(callee.expression, lastSegments);
  return false;
}

type CallLike = TS.CallExpression | TS.NewExpression;

function matchSinks(call: CallLike, evaluator: FileEvaluator, mode?: SummaryMode): SinkCall[] {
  const callee = evaluator.evaluateIn(call.expression, mode?.environment);
  if (!callee.sdks) return [];
  const constructs = ts.isNewExpression(call);
  const byVendor = new Map<string, SinkCall>();
  const flowFor = (sdk: SdkRef): SinkCall => {
    const key = `${sdk.vendor.id}\u0000${endpointKey(sdk.endpoint)}`;
    let found = byVendor.get(key);
    if (!found) {
      found = {
        vendor: sdk.vendor,
        call,
        callee: calleeText(call.expression, evaluator.sourceFile),
        method: sdk.path === '' ? '(call)' : sdk.path,
        entry: sdk.entry,
        ...(sdk.endpoint ? { endpoint: sdk.endpoint } : {}),
        items: [],
      };
      byVendor.set(key, found);
    }
    return found;
  };
  for (const sdk of callee.sdks) {
    for (const sink of sdk.vendor.sinksByPath.get(sdk.path) ?? []) {
      if (Boolean(sink.new) !== constructs || !appliesToEntry(sink, sdk.entry) || !commandMatches(sink, call)) continue;
      const summary = mode
        ? { mode, entry: { spec: undefined, field: '', subject: false, vendor: sdk.vendor, method: sdk.path === '' ? '(call)' : sdk.path, through: sdk.entry, ...(sdk.endpoint ? { endpoint: sdk.endpoint } : {}), sink: call, hops: [call], known: new Set<Category>() } }
        : undefined;
      flowFor(sdk).items.push(...itemsOf(sink, call, evaluator, sdk.vendor, summary));
    }
    if (mode) continue; // A summary records parameters only; what the SDK collects is reported where it is configured.
    for (const collection of sdk.vendor.collectsByPath.get(sdk.path) ?? []) {
      if (Boolean(collection.new) !== constructs || !appliesToEntry(collection, sdk.entry) || !commandMatches(collection, call)) continue;
      flowFor(sdk).items.push(...collectedItems(collection, call, evaluator));
    }
  }
  for (const found of byVendor.values()) found.items = dedupeItems(found.items);
  return [...byVendor.values()];
}

/** Whether a command-style call (`gtag('event', ...)`) has the literals a sink or collection asks for. */
function commandMatches(item: { command?: Record<string, string[]> }, call: CallLike): boolean {
  for (const [path, allowed] of Object.entries(item.command ?? {})) {
    const node = argumentNode(call, path)?.node;
    const text = node && literalText(node);
    if (text === undefined || !allowed.includes(text)) return false;
  }
  return true;
}

/**
 * The node for an argument path: `1` is the second argument, `0.1` the second element of an
 * array literal in the first (`_hsq.push(['identify', { email }])`).
 */
function argumentNode(call: CallLike, path: string): { node: TS.Expression; element?: number } | undefined {
  const [index, element] = path.split('.').map(Number);
  // `posthog.capture(...args)`: the arguments from a spread on are its elements (a rest parameter's, say).
  const spread = call.arguments?.findIndex((candidate) => ts.isSpreadElement(candidate)) ?? -1;
  if (spread !== -1 && spread <= index!) {
    return element === undefined ? { node: (call.arguments![spread] as TS.SpreadElement).expression, element: index! - spread } : undefined;
  }
  const argument = call.arguments?.[index!];
  if (!argument) return undefined;
  if (element === undefined) return { node: argument };
  const array = skipWrappers(argument);
  if (!ts.isArrayLiteralExpression(array)) return { node: argument, element };
  const item = array.elements[element];
  return item && !ts.isSpreadElement(item) && !ts.isOmittedExpression(item) ? { node: item } : undefined;
}

function skipWrappers(node: TS.Expression): TS.Expression {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) ? skipWrappers(node.expression) : node;
}

function itemsOf(sink: VendorSink, call: CallLike, evaluator: FileEvaluator, vendor: LoadedVendor, summary?: EnumerationContext['summary']): SinkItem[] {
  const items: SinkItem[] = [];
  const context: EnumerationContext = { evaluator, vendor, call, items, ...(summary ? { summary } : {}), ...(namesGroups(sink, vendor) && groupTypeIsNotOrganization(call) ? { groupIsNotOrganization: true } : {}) };
  const environment = summary?.mode.environment;
  for (const [path, spec] of Object.entries(sink.args)) {
    const found = argumentNode(call, path);
    if (!found) continue;
    let value = evaluator.evaluateIn(found.node, environment);
    if (found.element !== undefined) value = evaluator.readProperty(value, String(found.element), found.node);
    if (typeof spec === 'object') {
      enumerateCategory(context, value, spec.is, found.node);
      continue;
    }
    const role = spec;
    const key = literalText(found.node);
    const nextPath = nextArgumentPath(path);
    const next = argumentNode(call, nextPath);
    // `people.set('$email', value)`, `Sentry.setTag('email', value)`: a key and its value instead of an object.
    if (key !== undefined && !SCALAR_ROLES.has(role) && next && sink.args[nextPath] === undefined) {
      enumerateProperty(context, key, evaluator.evaluateIn(next.node, environment), role, '', SUBJECT_ROLES.has(role), next.node, next.node, 0);
      continue;
    }
    enumerateArgument(context, value, role, found.node);
  }
  return items;
}

/** Group types that name something other than an organization: a project, a repository, an environment, a site. */
const NOT_ORGANIZATION_GROUP = /^(projects?|repo|repos|repository|repositories|env|environments?|sites?|apps?|applications?|boards?|documents?|instances?|deployments?)$/i;

/** A sink that takes a group's id: by an argument's role, or by a vendor key that carries an organization id (`groupKey`). */
function namesGroups(sink: VendorSink, vendor: LoadedVendor): boolean {
  return Object.values(sink.args).includes('group-id') || Object.values(vendor.reserved ?? {}).includes('org_id');
}

/** `posthog.group('project', key)`, `groupIdentify({ groupType: 'project', ... })`: the group is no organization. */
function groupTypeIsNotOrganization(call: CallLike): boolean {
  for (const argument of call.arguments ?? []) {
    const node = skipWrappers(argument as TS.Expression);
    const text = literalText(node);
    if (text !== undefined) return NOT_ORGANIZATION_GROUP.test(text);
    if (ts.isObjectLiteralExpression(node)) {
      const property = node.properties.find((candidate) => ts.isPropertyAssignment(candidate) && propertyNameText(candidate.name) === 'groupType');
      const type = property && ts.isPropertyAssignment(property) ? literalText(property.initializer) : undefined;
      return type !== undefined && NOT_ORGANIZATION_GROUP.test(type);
    }
    return false;
  }
  return false;
}

function nextArgumentPath(path: string): string {
  const parts = path.split('.').map(Number);
  parts[parts.length - 1]!++;
  return parts.join('.');
}

/** `braze.getUser().setEmail(x)`: the argument is this category whatever it is called; its own data counts first. */
function enumerateCategory(context: EnumerationContext, value: Value, category: Category, argument: TS.Expression): void {
  const field = fieldText(argument, context.evaluator.sourceFile);
  const taints = flatten(value);
  reportParameters(context, value, '', { is: category }, true, [category, ...taints.map((taint) => taint.category)]);
  for (const taint of taints) addItem(context, taint, field, 'user-properties', argument, undefined);
  if (taints.length === 0 && !value.constant && !value.sdks && !value.functions) {
    addItem(context, { category, trace: [argument], origin: 'role' }, field, 'user-properties', argument, undefined);
  }
}

/** What the SDK collects on its own under the options passed at this call. */
function collectedItems(collection: VendorCollection, call: CallLike, evaluator: FileEvaluator): SinkItem[] {
  const options = optionsArgument(collection, call, evaluator);
  let decisive: TS.Node | undefined;
  for (const [path, expected] of Object.entries(collection.unless ?? {})) {
    const option = optionValue(options, path, evaluator);
    if (option.kind === 'literal' && option.value === expected) return [];
  }
  for (const [path, expected] of Object.entries(collection.when ?? {})) {
    const option = optionValue(options, path, evaluator);
    if (option.kind === 'absent' || (option.kind === 'literal' && option.value !== expected)) return [];
    decisive = option.node;
  }
  const entry = decisive && isWithin(decisive, call) ? decisive : call.expression;
  return collection.categories.map((category) => ({
    category,
    field: collection.what,
    role: 'config' as const,
    origin: 'collected' as const,
    trace: [decisive ?? call],
    entry,
  }));
}

function optionsArgument(collection: VendorCollection, call: CallLike, evaluator: FileEvaluator): TS.Expression | undefined {
  if (collection.options === undefined) return undefined;
  const candidates = asList(collection.options)
    .map((index) => call.arguments?.[index])
    .filter((argument): argument is TS.Expression => argument !== undefined && !ts.isSpreadElement(argument));
  return candidates.find((argument) => objectLiteralOf(argument, evaluator)) ?? candidates.find((argument) => !literalText(argument));
}

type OptionValue = { kind: 'absent' } | { kind: 'unknown'; node: TS.Node } | { kind: 'literal'; value: boolean | string | number; node: TS.Node };

/**
 * The literal value of a dotted option in an options object written in the code (directly, or in
 * a const it names). Anything computed at run time is `unknown`, which counts as collecting.
 */
function optionValue(options: TS.Expression | undefined, path: string, evaluator: FileEvaluator): OptionValue {
  let current: TS.Expression | undefined = options;
  let node: TS.Node | undefined = options;
  for (const key of path.split('.')) {
    const object = current && objectLiteralOf(current, evaluator);
    if (!object) return current ? { kind: 'unknown', node: node! } : { kind: 'absent' };
    const property = object.properties.find((candidate) => candidate.name !== undefined && propertyNameText(candidate.name) === key);
    if (!property) return object.properties.some(ts.isSpreadAssignment) ? { kind: 'unknown', node: object } : { kind: 'absent' };
    node = property;
    current = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
  }
  const value = current && skipWrappers(current);
  if (!value) return { kind: 'unknown', node: node! };
  if (value.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'literal', value: true, node: node! };
  if (value.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'literal', value: false, node: node! };
  if (ts.isNumericLiteral(value)) return { kind: 'literal', value: Number(value.text), node: node! };
  if (ts.isStringLiteralLike(value)) return { kind: 'literal', value: value.text, node: node! };
  return { kind: 'unknown', node: node! };
}

function objectLiteralOf(expression: TS.Expression, evaluator: FileEvaluator): TS.ObjectLiteralExpression | undefined {
  const node = skipWrappers(expression);
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isIdentifier(node)) {
    const binding = evaluator.scopes.resolve(node);
    const declaration = binding?.declaration;
    if (binding && binding.kind === 'const' && binding.path.length === 0 && declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      return objectLiteralOf(declaration.initializer, evaluator);
    }
  }
  return undefined;
}

interface EnumerationContext {
  evaluator: FileEvaluator;
  vendor: LoadedVendor;
  call: CallLike;
  items: SinkItem[];
  /** The call's group type is a literal that names no organization (`posthog.group('project', id)`). */
  groupIsNotOrganization?: boolean;
  /** Categories the called function already reports by itself: not repeated at its callers. */
  exclude?: ReadonlySet<Category>;
  /** Hops after the caller's argument: the calls down to the SDK call. */
  after?: readonly TS.Node[];
  /** While a function is summarized: where its parameters reach the SDK. */
  summary?: { mode: SummaryMode; entry: Omit<SummaryEntry, 'index' | 'path' | 'spec'> & { spec: ArgumentSpec | undefined } };
}

function enumerateArgument(context: EnumerationContext, value: Value, role: ArgumentRole, argument: TS.Expression): void {
  const subject = SUBJECT_ROLES.has(role);
  const unexpanded = value;
  // A typed object sent whole (`Sentry.setUser(user)` with `user: User`): its declared fields.
  if (!SCALAR_ROLES.has(role)) value = context.evaluator.expandTyped(value, argument, true) ?? value;
  if (value.props) {
    const before = context.items.length;
    enumerateObject(context, value, role, '', subject, argument, 0, false);
    // A request whose declared type names no content field (`Omit<Parameters<typeof generateText>[0], ...>`) may
    // still carry content: an object the engine cannot see into is content, as when it is not expanded.
    // A list of messages (`model.invoke([['system', '...'], ['human', text]])`) is content, as its elements have no keys.
    const category = context.evaluator.catalog.names.roleArgument(role);
    const list = [...value.props.keys()].every((key) => /^\d+$/.test(key));
    if ((unexpanded !== value || list) && category && !context.items.slice(before).some((item) => item.category === category)) {
      const content = contentOf(context, category, unexpanded, argument, fieldText(argument, context.evaluator.sourceFile), role, argument, undefined);
      reportParameters(context, unexpanded, '', role, subject, content);
    }
    return;
  }
  const field = fieldText(argument, context.evaluator.sourceFile);
  const taints = value.taints ?? [];
  for (const taint of taints) addItem(context, taint, field, role, argument, undefined);
  // `track(event, { ...req.body })`: the argument is nothing but the spread object.
  if (taints.length === 0 && SHAPED_ROLES.has(role)) addUnknownShapes(context, value, ts.isObjectLiteralExpression(skipWrappers(argument)) ? '*' : field, role, argument, undefined);
  const fallback = role === 'group-id' && context.groupIsNotOrganization ? undefined : ROLE_DEFAULT_CATEGORY[role];
  const byRole = taints.length === 0 && fallback && !value.constant && !value.sdks && !value.functions;
  if (byRole) addItem(context, { category: fallback, trace: [argument], origin: 'role' }, field, role, argument, undefined);
  // model.invoke(text): the argument itself is the content.
  const content = contentOf(context, context.evaluator.catalog.names.roleArgument(role), value, argument, field, role, argument, undefined);
  reportParameters(context, value, '', role, subject, [...(byRole ? [fallback] : taints.map((taint) => taint.category)), ...content]);
}

/**
 * A field of a model request that carries content (`messages`, `prompt`, `system`), or a prompt argument as a
 * whole: unless its value is made of the program's own literals, it is a prompt, whatever else it carries. One
 * item per such field; the fields inside it (`messages[0].content`) are not counted again.
 */
function contentOf(
  context: EnumerationContext,
  category: Category | undefined,
  value: Value,
  node: TS.Node,
  field: string,
  role: ArgumentRole,
  entry: TS.Node,
  removable: TS.ObjectLiteralElementLike | undefined,
): Category[] {
  if (!category) return [];
  const source = dynamicPart(value, 0);
  if (source === undefined) return [];
  addItem(context, { category, trace: source === true ? [node] : [source, node], origin: 'role' }, field, role, entry, removable);
  return [category];
}

/** Where a value stops being made of literals: a source node, `true` when nothing better is known, undefined for a constant. */
function dynamicPart(value: Value, depth: number): TS.Node | true | undefined {
  if (value.constant) return undefined;
  const source = value.taints?.[0]?.trace[0] ?? value.opaque?.[0]?.trace[0];
  if (source) return source;
  if (value.hasher) return true;
  if (value.props) {
    if (depth > MAX_OBJECT_DEPTH) return undefined;
    for (const property of value.props.values()) {
      const part = dynamicPart(property.value, depth + 1);
      if (part !== undefined) return part === true ? property.node : part;
    }
    return undefined;
  }
  // A function, the SDK itself or a known built-in is no text; a value the engine cannot see into is.
  return value.sdks || value.functions || value.builtins ? undefined : true;
}

function enumerateObject(
  context: EnumerationContext,
  value: Value,
  role: ArgumentRole,
  prefix: string,
  subject: boolean,
  argument: TS.Expression,
  depth: number,
  inContent: boolean,
): void {
  for (const taint of value.taints ?? []) addItem(context, taint, prefix || fieldText(argument, context.evaluator.sourceFile), role, argument, undefined);
  // `{ ...req.body, source: 'web' }`: fields nobody can know, beside the known ones.
  if (!inContent && role !== 'config') addUnknownShapes(context, value, prefix ? `${prefix}.*` : '*', role, argument, undefined);
  // `{ ...props, source: 'web' }` with `props` a parameter: its fields are the caller's to tell.
  reportParameters(context, value, prefix, role, subject, inContent ? contentCategories(context, role) : []);
  if (depth > MAX_OBJECT_DEPTH) return;
  for (const [key, property] of value.props ?? []) {
    enumerateProperty(context, key, property.value, role, prefix, subject, argument, property.node, depth, inContent);
  }
}

/** Inside a content field, the content category is already reported: a parameter found there adds nothing new of it. */
function contentCategories(context: EnumerationContext, role: ArgumentRole): Category[] {
  const category = context.evaluator.catalog.names.roleArgument(role);
  return category ? [category] : [];
}

function enumerateProperty(
  context: EnumerationContext,
  key: string,
  value: Value,
  role: ArgumentRole,
  prefix: string,
  subject: boolean,
  argument: TS.Expression,
  propertyNode: TS.Node,
  depth: number,
  inContent = false,
): void {
  const field = prefix ? `${prefix}.${key}` : key;
  // `customer: stripeCustomerId` to Stripe (an id it issued itself), Slack's bot `username`: the vendor's own, no one's data.
  if (context.vendor.notPersonal?.includes(field) || context.vendor.notPersonal?.includes(key)) return;
  const inCall = isWithin(propertyNode, argument);
  const entry = inCall ? propertyNode : argument;
  const removable = inCall && ts.isObjectLiteralElementLike(propertyNode) && ts.isObjectLiteralExpression(propertyNode.parent) ? propertyNode : undefined;
  const contentCategory = inContent ? undefined : context.evaluator.catalog.names.roleField(role, key);
  const content = contentOf(context, contentCategory, value, propertyNode, field, role, entry, removable);
  inContent ||= contentCategory !== undefined;
  if (!value.taints && !SCALAR_ROLES.has(role)) value = context.evaluator.expandTyped(value, entry) ?? value;
  if (value.props) {
    enumerateObject(context, value, role, field, subject || isSubjectName(key), argument, depth + 1, inContent);
    return;
  }
  const taints = value.taints ?? [];
  const already = inContent ? contentCategories(context, role) : content;
  if (taints.length > 0) {
    for (const taint of taints) addItem(context, taint, field, role, entry, removable);
    reportParameters(context, value, field, role, subject, [...taints.map((taint) => taint.category), ...already]);
    return;
  }
  if (value.constant || value.sdks || value.functions) return;
  const declared = context.vendor.reserved?.[field] ?? context.vendor.reserved?.[key];
  const reserved = declared === 'org_id' && context.groupIsNotOrganization ? undefined : declared;
  const match = reserved ? { category: reserved, anonymizedByName: false } : context.evaluator.catalog.names.classify(key, subject);
  reportParameters(context, value, field, role, subject, [...(match ? [match.category] : []), ...already]);
  // `properties: req.body`: the key names a container, not a person's field.
  if (!match && !inContent && content.length === 0 && role !== 'config') addUnknownShapes(context, value, field, role, entry, removable);
  if (!match) return;
  const trace = [propertyNode];
  addItem(
    context,
    { category: match.category, trace, origin: 'name', ...(match.anonymizedByName ? { anonymizer: { name: `${key} (by name)`, strength: 'unknown' } } : {}) },
    field,
    role,
    entry,
    removable,
  );
}

/**
 * Objects of unknown shape in a value sent whole, spread or under a key that names nothing (`properties`): one
 * `unclassified` item each. A parameter's value is its callers' to tell (function summaries report it there).
 */
function addUnknownShapes(context: EnumerationContext, value: Value, field: string, role: ArgumentRole, entry: TS.Node, removable: TS.ObjectLiteralElementLike | undefined): void {
  for (const opaque of unknownShapesOf(value)) {
    const source = opaque.trace[0];
    context.items.push({
      category: UNCLASSIFIED,
      field,
      unknownShape: opaque.unknownShape!,
      role,
      origin: 'shape',
      trace: traceInto(context, source ? opaque.trace : [], entry),
      entry,
      ...(removable ? { removable } : {}),
    });
  }
}

function unknownShapesOf(value: Value): Opaque[] {
  const seen = new Set<string>();
  return (value.opaque ?? []).filter((opaque) => {
    if (opaque.unknownShape === undefined || opaque.param || seen.has(opaque.unknownShape)) return false;
    seen.add(opaque.unknownShape);
    return true;
  });
}

/** A trace that ends inside the call (adding the entry node when it does not), then the hops down to the SDK call. */
function traceInto(context: EnumerationContext, trace: readonly TS.Node[], entry: TS.Node): TS.Node[] {
  const last = trace[trace.length - 1];
  return [...(last && isWithin(last, context.call) ? trace : [...trace, entry]), ...(context.after ?? [])];
}

function addItem(context: EnumerationContext, taint: Taint, field: string, role: ArgumentRole, entry: TS.Node, removable: TS.ObjectLiteralElementLike | undefined): void {
  if (context.exclude?.has(taint.category)) return;
  const trace = traceInto(context, taint.trace, entry);
  context.items.push({
    category: taint.category,
    field,
    role,
    origin: taint.origin,
    ...(taint.anonymizer ? { anonymizer: taint.anonymizer } : {}),
    trace,
    entry,
    ...(removable ? { removable } : {}),
  });
}

/** One item per field and category and anonymization; the first trace found is kept. */
function dedupeItems(items: readonly SinkItem[]): SinkItem[] {
  const seen = new Map<string, SinkItem>();
  for (const item of items) {
    const key = `${item.field}\u0000${item.category}\u0000${item.anonymizer ? 1 : 0}\u0000${item.unknownShape ?? ''}`;
    if (!seen.has(key)) seen.set(key, item);
  }
  return [...seen.values()];
}

function isWithin(node: TS.Node, container: TS.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end && node.getSourceFile() === container.getSourceFile();
}

function calleeText(node: TS.Expression, sourceFile: TS.SourceFile): string {
  // Spaces between words stay (`new amplitude.Identify().set`, `(window as any).analytics.track`);
  // those around dots and brackets, from a call split over lines, go.
  return oneLine(node.getText(sourceFile)).replace(/\?\./g, '.').replace(/!\./g, '.').replace(/\s*([.()[\]])\s*/g, '$1');
}

function fieldText(node: TS.Node, sourceFile: TS.SourceFile): string {
  if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
    const key = propertyNameText(node.name);
    if (key !== undefined) return key;
  }
  return oneLine(node.getText(sourceFile));
}

/** Code text on one line for reports: redacted first, then cut (see `excerpt`). */
export function oneLine(text: string, max = 80): string {
  return excerpt(text, max);
}
