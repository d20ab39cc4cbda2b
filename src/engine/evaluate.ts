import type * as TS from 'typescript';
import type { SummaryEntry } from './analyze';
import type { Category } from '../model/categories';
import { excerpt } from '../model/redact';
import { appliesToEntry, type Catalog } from '../catalog/catalog';
import type { Project } from './project';
import { TypeFields } from './types';
import { isSubjectName, stillAboutPerson, tokenize } from '../catalog/names';
import { literalCategory } from '../catalog/literals';
import { resolveEndpoint } from './endpoints';
import { ScopeResolver, propertyNameText, type Binding, type BindingStep } from './scope';
import { classMember, instanceOfType, sdkInstanceOf } from './classes';
import { ModuleExports, moduleValue } from './modules';
import { ts } from './ts';
import {
  BROWSER_ENV_PREFIXES,
  DATA_PRESERVING_CONSTRUCTORS,
  ELEMENT_ADDING,
  ELEMENT_MAPPING,
  ELEMENT_PICKING,
  ELEMENT_PRESERVING,
  GETTER_PREFIXES,
  GLOBAL_OBJECTS,
  NON_PERSONAL_RESULT,
  PIPED_INTO_ARGUMENT,
  SECRET_WORDS,
  STRING_PRESERVING,
  VALIDATED_INPUT,
  VALIDATED_INPUT_AS_DATA,
} from './library-models';
import {
  CONSTANT,
  NOTHING,
  anonymize,
  compact,
  extend,
  flatten,
  hashOf,
  hmacOf,
  join,
  secretsOf,
  seenAt,
  type Anonymizer,
  type Builtin,
  type Hasher,
  type Opaque,
  type ParameterRef,
  type ReturnSummary,
  type PropertyValue,
  type SdkRef,
  type Taint,
  type Value,
} from './value';


const MAX_CALL_DEPTH = 4;
/** How many return summaries may be computed one inside another (a longer chain of calls is evaluated as before, cut at MAX_CALL_DEPTH). */
const MAX_SUMMARY_NESTING = 32;

/** A nesting depth at which the rest of a chain is evaluated from its innermost link (see warmChain). */
const CHAIN_WARM_DEPTH = 64;
/** A nesting depth past which evaluation stops rather than overflow the stack. */
const MAX_EVALUATION_DEPTH = 400;

/** How many evaluations run between two looks at the clock (a power of two minus one, as a mask). */
const CLOCK_MASK = 0x3ff;

/** Thrown when one file's analysis runs past its time budget; the scan skips the file with a reason. */
export class AnalysisTimeout extends Error {
  constructor() {
    super('analysis time budget exceeded');
    this.name = 'AnalysisTimeout';
  }
}

/** Parameters bound to argument values while a same-file function's return value is computed. */
export interface Environment {
  readonly parameters: ReadonlyMap<TS.Node, Value>;
  /** How many same-file calls deep this evaluation is. */
  readonly depth: number;
  /** How many return summaries are being computed around this evaluation (their nesting is bounded). */
  readonly summaries?: number;
}

/**
 * Evaluates expressions of one file to what they carry: personal data with traces, SDK
 * references, object shapes, hashes. Context-free results (no environment) are cached per
 * binding, so each declaration is evaluated once however many sinks read it.
 */
export class FileEvaluator {
  readonly scopes = new ScopeResolver();
  private readonly bindingValues = new Map<Binding, Value>();
  private typeFieldsCache: TypeFields | undefined;
  private readonly inProgress = new Set<Binding>();
  private assignmentsIndex: Map<Binding, { path: string[]; value: TS.Expression; node: TS.Node; whole: boolean }[]> | undefined;
  /** Variables the code fills by computed keys (`result[key] = value`), found in the same walk as the assignments. */
  private readonly filledByKey = new Set<Binding>();
  private depth = 0;
  private evaluations = 0;
  /**
   * The value of each expression, computed once per node and context: without an environment in
   * `contextFree`, inside a function evaluated for a call or a summary in the map of that
   * environment. A chain (`a.b().c().d()`, `v1 = v0 + v0`) is then linear, never re-expanded per path.
   */
  private contextFree = new Map<TS.Node, Value>();
  private inContext = new WeakMap<Environment, Map<TS.Node, Value>>();
  /** Summaries of this file's functions (see analyze.ts): each computed once, reused at every call site. */
  readonly summaries = new Map<TS.Node, readonly SummaryEntry[]>();
  /** Functions whose summary is being computed (a recursive call sees an empty summary). */
  readonly summarizing = new Set<TS.Node>();
  /** Per class of this file: which members assign `this.<name>` (classes.ts). */
  readonly classAssignments = new Map<TS.ClassLikeDeclaration, ReadonlyMap<string, readonly TS.ClassElement[]>>();
  /** What the app's functions of this file hand their callback parameters (`callback(span)`): SDK clients only. */
  private readonly handedToCallbacks = new Map<string, Value>();

  constructor(
    readonly sourceFile: TS.SourceFile,
    readonly catalog: Catalog,
    /** The other files, when the analysis may follow imports of the app's own modules. */
    readonly project?: Project,
  ) {}

  evaluate(node: TS.Expression, environment?: Environment): Value {
    this.checkBudget();
    let memo = this.contextFree;
    if (environment) {
      let own = this.inContext.get(environment);
      if (!own) this.inContext.set(environment, (own = new Map()));
      memo = own;
    }
    const cached = memo.get(node);
    if (cached) return cached;
    // Deep in a chain (`yargs.option(..)` x 200, `.then(..)` x 200, `a + b + c ...`): evaluate the
    // rest of the chain from its innermost link outwards first, so that the recursion below meets
    // remembered values instead of going deeper. Linear, and the stack stays shallow.
    if (this.depth > 0 && this.depth % CHAIN_WARM_DEPTH === 0) this.warmChain(node, environment);
    if (++this.depth > MAX_EVALUATION_DEPTH) {
      // A pathological nesting depth: stop rather than overflow the stack (not remembered: it is no value).
      this.depth--;
      return NOTHING;
    }
    try {
      const value = this.evaluateInner(node, environment);
      memo.set(node, value);
      return value;
    } finally {
      this.depth--;
    }
  }

  private warmChain(node: TS.Expression, environment: Environment | undefined): void {
    const links: TS.Expression[] = [];
    for (let link = innerLink(node); link; link = innerLink(link)) links.push(link);
    if (links.length < CHAIN_WARM_DEPTH) return;
    const depth = this.depth;
    // Each link is evaluated as from the chain's start; its inner link is then already known.
    this.depth = 0;
    try {
      for (let index = links.length - 1; index >= 0; index--) this.evaluate(links[index]!, environment);
    } finally {
      this.depth = depth;
    }
  }

  /**
   * Forgets the value of each expression (the largest of the evaluator's tables) once the file
   * that needed them is analysed; what other files reuse (bindings, exports, summaries) is kept.
   */
  forgetExpressions(): void {
    if (this.contextFree.size > 0) this.contextFree = new Map();
    this.inContext = new WeakMap();
  }

  /** Throws AnalysisTimeout once the current file's time budget is spent; cheap enough for every loop that can grow. */
  checkBudget(): void {
    if ((++this.evaluations & CLOCK_MASK) === 0 && Date.now() > (this.project?.deadline ?? Infinity)) throw new AnalysisTimeout();
  }

  private evaluateInner(node: TS.Expression, environment: Environment | undefined): Value {
    switch (node.kind) {
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.TypeAssertionExpression: {
        const cast = node as TS.AsExpression;
        return this.withType(this.evaluate(cast.expression, environment), cast.type);
      }
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.AwaitExpression:
        return this.evaluate((node as TS.ParenthesizedExpression).expression, environment);
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral: {
        // 'jhon@gmail.com', '+33 6 12 34 56 78': personal data by its value, whatever its name.
        const category = literalCategory((node as TS.StringLiteral).text);
        return category ? { taints: [{ category, trace: [node], origin: 'source' }] } : CONSTANT;
      }
      case ts.SyntaxKind.NumericLiteral:
      case ts.SyntaxKind.BigIntLiteral:
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
      case ts.SyntaxKind.NullKeyword:
      case ts.SyntaxKind.RegularExpressionLiteral:
      case ts.SyntaxKind.TypeOfExpression:
      case ts.SyntaxKind.VoidExpression:
      case ts.SyntaxKind.DeleteExpression:
      case ts.SyntaxKind.PostfixUnaryExpression:
      case ts.SyntaxKind.PrefixUnaryExpression:
        return CONSTANT;
      case ts.SyntaxKind.Identifier:
        return this.evaluateIdentifier(node as TS.Identifier, environment);
      case ts.SyntaxKind.MetaProperty: // import.meta.env.X
        return CONSTANT;
      case ts.SyntaxKind.ThisKeyword: {
        const declaration = enclosingClass(node);
        return declaration ? { builtins: [{ kind: 'class-instance', declaration }] } : { opaque: [{ name: 'this', subject: false, trace: [node] }] };
      }
      case ts.SyntaxKind.PropertyAccessExpression: {
        const access = node as TS.PropertyAccessExpression;
        const env = this.environmentObject(access);
        if (env) return env;
        return this.readProperty(this.evaluate(access.expression, environment), access.name.text, access);
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const access = node as TS.ElementAccessExpression;
        const receiver = this.evaluate(access.expression, environment);
        const key = literalText(access.argumentExpression);
        // members[0] of a value known only by name and type: an element, of the array's element type.
        const elementOfOpaque = key !== undefined && /^\d+$/.test(key) && !receiver.props && (receiver.opaque?.length ?? 0) > 0;
        if (key !== undefined && !elementOfOpaque) return this.readProperty(receiver, key, access);
        return this.readAnyProperty(receiver, access);
      }
      case ts.SyntaxKind.CallExpression:
        return this.evaluateCall(node as TS.CallExpression, environment);
      case ts.SyntaxKind.NewExpression:
        return this.evaluateNew(node as TS.NewExpression, environment);
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.evaluateObject(node as TS.ObjectLiteralExpression, environment);
      case ts.SyntaxKind.ArrayLiteralExpression:
        return this.evaluateArray(node as TS.ArrayLiteralExpression, environment);
      case ts.SyntaxKind.TemplateExpression: {
        const template = node as TS.TemplateExpression;
        const parts = template.templateSpans.map((span) => this.evaluate(span.expression, environment));
        return asString(parts, node);
      }
      case ts.SyntaxKind.TaggedTemplateExpression: {
        const template = (node as TS.TaggedTemplateExpression).template;
        if (ts.isNoSubstitutionTemplateLiteral(template)) return CONSTANT;
        return asString(template.templateSpans.map((span) => this.evaluate(span.expression, environment)), node);
      }
      case ts.SyntaxKind.BinaryExpression:
        return this.evaluateBinary(node as TS.BinaryExpression, environment);
      case ts.SyntaxKind.ConditionalExpression: {
        const conditional = node as TS.ConditionalExpression;
        return join([this.evaluate(conditional.whenTrue, environment), this.evaluate(conditional.whenFalse, environment)]);
      }
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return { functions: [node] };
      case ts.SyntaxKind.JsxElement:
      case ts.SyntaxKind.JsxSelfClosingElement:
      case ts.SyntaxKind.JsxFragment:
        return this.evaluateJsx(node as TS.JsxElement | TS.JsxSelfClosingElement | TS.JsxFragment, environment);
      default:
        return NOTHING;
    }
  }

  /**
   * A JSX element as content (an e-mail's `react: <Welcome name={user.name} />`): the text it renders holds what
   * its attributes and children hold; an attribute whose value says nothing is known by its name (`email={x}`).
   */
  private evaluateJsx(node: TS.JsxElement | TS.JsxSelfClosingElement | TS.JsxFragment, environment: Environment | undefined): Value {
    const parts: Value[] = [];
    const opening = ts.isJsxElement(node) ? node.openingElement : ts.isJsxSelfClosingElement(node) ? node : undefined;
    for (const attribute of opening?.attributes.properties ?? []) {
      this.checkBudget();
      if (ts.isJsxSpreadAttribute(attribute)) {
        parts.push(this.evaluate(attribute.expression, environment));
        continue;
      }
      const initializer = attribute.initializer;
      const expression = initializer && ts.isJsxExpression(initializer) ? initializer.expression : undefined;
      if (!expression) continue;
      const value = this.evaluate(expression, environment);
      parts.push(value);
      const name = ts.isIdentifier(attribute.name) ? attribute.name.text : undefined;
      if (name && !value.constant && !value.functions && !value.sdks && flatten(value).length === 0) parts.push(this.named(name, attribute, false));
    }
    for (const child of ts.isJsxSelfClosingElement(node) ? [] : node.children) {
      if (ts.isJsxExpression(child)) {
        if (child.expression) parts.push(this.evaluate(child.expression, environment));
      } else if (!ts.isJsxText(child)) {
        parts.push(this.evaluate(child as TS.Expression, environment));
      }
    }
    return asString(parts, node);
  }

  private evaluateIdentifier(identifier: TS.Identifier, environment: Environment | undefined): Value {
    const name = identifier.text;
    if (name === 'undefined' || name === 'NaN' || name === 'Infinity') return CONSTANT;
    const binding = this.scopes.resolve(identifier);
    if (binding) return asSecret(name, seenAt(this.valueOfBinding(binding, environment), identifier));
    return asSecret(name, this.globalValue(name, identifier));
  }

  /** `process.env` (unless the app declares its own `process`) and `import.meta.env`. */
  private environmentObject(access: TS.PropertyAccessExpression): Value | undefined {
    if (access.name.text !== 'env') return undefined;
    const owner = access.expression;
    if (ts.isIdentifier(owner) && owner.text === 'process' && !this.scopes.resolve(owner)) return { builtins: [{ kind: 'env', prefix: 'process.env' }], constant: true };
    if (ts.isMetaProperty(owner) && owner.keywordToken === ts.SyntaxKind.ImportKeyword) return { builtins: [{ kind: 'env', prefix: 'import.meta.env' }], constant: true };
    return undefined;
  }

  /** A name no declaration in this file binds: a browser or runtime global. */
  private globalValue(name: string, node: TS.Node): Value {
    if (GLOBAL_OBJECTS.has(name)) return { builtins: [{ kind: 'global-object' }] };
    const vendors = this.catalog.globals.get(name);
    if (vendors) return { sdks: vendors.map((vendor) => ({ vendor, entry: `global:${name}`, path: '' })) };
    if (name === 'crypto') return { builtins: [{ kind: 'web-crypto' }] };
    // process.env.X and friends are deployment configuration, not anybody's personal data.
    if (name === 'process') return CONSTANT;
    if (name === 'JSON') return { builtins: [{ kind: 'json' }] };
    if (name === 'require' || name === 'console' || name === 'Math' || name === 'Object') return NOTHING;
    return this.named(name, node, false);
  }

  /** A value known only by its name: the name may say what it carries (`email`), and reading from it classifies field names. */
  private get typeFields(): TypeFields {
    return (this.typeFieldsCache ??= new TypeFields(this.project));
  }

  /** Whether a declared type describes a person (`User`, `CustomerProfile`). */
  private personType(type: TS.TypeNode | undefined): boolean {
    const name = type && this.typeFields.typeName(type);
    return name !== undefined && isSubjectName(name);
  }

  /** The same value, with a declared type for the parts of it known only by name. */
  private withType(value: Value, type: TS.TypeNode | undefined): Value {
    if (!type || !value.opaque || ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'const') return value;
    const aboutPerson = this.personType(type);
    return { ...value, opaque: value.opaque.map((opaque) => (opaque.type ? opaque : { ...opaque, type, subject: opaque.subject || aboutPerson })) };
  }

  /**
   * A value known only by name and declared type, sent whole or spread: its fields, from the
   * type (less those a rest pattern removed). Undefined when there is nothing to expand.
   */
  expandTyped(value: Value, node: TS.Node, atNode = false): Value | undefined {
    if (value.props) return undefined;
    const props = new Map<string, PropertyValue>();
    const kept: Opaque[] = [];
    for (const opaque of value.opaque ?? []) {
      let fields: readonly { name: string }[] = opaque.type ? this.typeFields.fieldsOf(opaque.type) : [];
      let source = opaque;
      if (fields.length === 0) {
        // Ask the checker: about the value's computed type, or (for the value written at `node`) about the node.
        const checked = opaque.checked ?? (atNode ? this.checkedType(node) : undefined);
        fields = checked ? this.checkedFields(checked) : [];
        source = checked ? { ...opaque, checked } : opaque;
      }
      if (fields.length === 0) {
        kept.push(opaque);
        continue;
      }
      // The whole is replaced by its fields: they (and a rest pattern's removals) say all it holds.
      for (const field of fields) {
        if (opaque.without?.has(field.name) || props.has(field.name)) continue;
        props.set(field.name, { value: this.readProperty({ opaque: [source] }, field.name, node), node });
      }
    }
    return props.size ? compact({ ...value, props, opaque: kept }) : undefined;
  }

  /**
   * The fields of an expression's type as the type checker sees it (generated ORM types, mapped
   * and conditional types). Only with a program; only properties, not methods.
   */
  private checkedType(node: TS.Node): TS.Type | undefined {
    const checker = this.project?.checkerFor(node);
    return checker && ts.isExpression(node) ? checker.getTypeAtLocation(node) : undefined;
  }

  private checkedFields(type: TS.Type): readonly { name: string }[] {
    const checker = this.project?.typeChecker();
    if (!checker) return [];
    const apparent = checker.getApparentType(type);
    if (apparent.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike)) return [];
    return checker
      .getPropertiesOfType(apparent)
      .slice(0, 200)
      .filter((symbol) => symbol.flags & ts.SymbolFlags.Property)
      .map((symbol) => ({ name: symbol.name }));
  }

  /** The checker's type of a field of a checked type. */
  private checkedFieldType(type: TS.Type, name: string): TS.Type | undefined {
    const checker = this.project?.typeChecker();
    const symbol = checker?.getPropertyOfType(checker.getApparentType(type), name);
    return symbol && checker ? checker.getTypeOfSymbol(symbol) : undefined;
  }

  private named(name: string, node: TS.Node, subject: boolean, without?: ReadonlySet<string>): Value {
    const match = this.catalog.names.classify(name, false);
    const taints: Taint[] = match
      ? [{ category: match.category, trace: [node], origin: 'name', ...(match.anonymizedByName ? { anonymizer: byName(name) } : {}) }]
      : [];
    // The object's trace starts where it is used; the field read from it is the source people want to see.
    const opaque: Opaque = { name, subject: subject || isSubjectName(name), trace: [], ...(without ? { without } : {}) };
    return compact({ taints, opaque: [opaque] });
  }

  // ---------------------------------------------------------------- bindings

  private valueOfBinding(binding: Binding, environment: Environment | undefined): Value {
    const bound = binding.kind === 'param' ? environment?.parameters.get(binding.declaration) : undefined;
    if (bound) return this.applyPath(bound, binding.path, binding.identifier);
    // Inside a function being evaluated for a call, locals may depend on the bound parameters.
    const dependsOnEnvironment = environment !== undefined && binding.kind !== 'import' && binding.kind !== 'function';
    if (!dependsOnEnvironment) {
      const cached = this.bindingValues.get(binding);
      if (cached) return cached;
    }
    if (this.inProgress.has(binding)) return NOTHING;
    this.inProgress.add(binding);
    try {
      const value = this.computeBinding(binding, dependsOnEnvironment ? environment : undefined);
      if (!dependsOnEnvironment) this.bindingValues.set(binding, value);
      return value;
    } finally {
      this.inProgress.delete(binding);
    }
  }

  private computeBinding(binding: Binding, environment: Environment | undefined): Value {
    const declaration = binding.declaration;
    switch (binding.kind) {
      case 'import':
        return this.applyPath(this.importedModule(binding), binding.path, binding.identifier);
      case 'function':
        return { functions: [declaration] };
      case 'class':
        // `new Service()` of the app's own class: its instance, with its fields and methods.
        return ts.isClassLike(declaration) ? { builtins: [{ kind: 'class-instance', declaration }] } : NOTHING;
      case 'enum':
      case 'namespace':
        return NOTHING;
      case 'catch':
        return this.named(binding.name, binding.identifier, false);
      case 'param':
        return this.applyPath(this.parameterValue(declaration as TS.ParameterDeclaration), binding.path, binding.identifier);
      default:
        return this.variableValue(binding, environment);
    }
  }

  private variableValue(binding: Binding, environment: Environment | undefined): Value {
    const declaration = binding.declaration as TS.VariableDeclaration;
    let value: Value;
    if (declaration.initializer) {
      value = this.evaluate(declaration.initializer, environment);
    } else if (ts.isForOfStatement(declaration.parent.parent) || ts.isForInStatement(declaration.parent.parent)) {
      const loop = declaration.parent.parent;
      const iterated = ts.isForOfStatement(loop) ? this.elementsOf(this.evaluate(loop.expression, environment)) : CONSTANT;
      value = binding.path.length === 0 ? join([iterated, this.named(binding.name, binding.identifier, false)]) : iterated;
    } else {
      value = NOTHING;
    }
    const assignments = this.assignmentsTo(binding);
    if (assignments.length > 0) value = this.withAssignments(value, binding, assignments, environment);
    if (value === NOTHING && binding.path.length === 0) value = this.named(binding.name, binding.identifier, false);
    // A record the code fills itself (`result[key] = value`) holds what it puts there, not an unknown shape.
    if (declaration.type && value.opaque && assignments.length === 0 && isOpenType(declaration.type) && !this.filledByKey.has(binding)) value = withUnknownShape(value, binding.name);
    return this.applyPath(this.withType(value, declaration.type), binding.path, binding.identifier);
  }

  private withAssignments(
    initial: Value,
    binding: Binding,
    assignments: readonly { path: string[]; value: TS.Expression; node: TS.Node; whole: boolean }[],
    environment: Environment | undefined,
  ): Value {
    // Whole values assigned are joined once, not one by one (a switch of 10,000 `v = ...` is linear).
    let pending: Value[] = [initial];
    const flush = (): Value => (pending.length === 1 ? pending[0]! : join(pending));
    for (const assignment of assignments) {
      const assigned = this.evaluate(assignment.value, environment);
      if (assignment.whole) {
        if (binding.kind !== 'const') pending.push(assigned);
      } else if (assignment.path.length === 0) {
        pending.push(assigned); // Object.assign(target, source)
      } else {
        pending = [setPath(flush(), assignment.path, assigned, assignment.node)];
      }
    }
    return flush();
  }

  private applyPath(value: Value, path: readonly BindingStep[], node: TS.Node): Value {
    let current = value;
    for (const step of path) {
      switch (step.kind) {
        case 'property':
          current = this.readProperty(current, step.name, node);
          break;
        case 'index':
          current = this.readProperty(current, String(step.index), node);
          break;
        case 'rest':
          current = withoutKeys(current, step.without);
          break;
        case 'rest-elements':
          break;
      }
    }
    return current;
  }

  /**
   * A parameter without a bound argument: known by its name (and by what an SDK hands it). What
   * callers pass is not joined in here: function summaries report it at each call, where it is chosen.
   */
  private parameterValue(parameter: TS.ParameterDeclaration): Value {
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    const values: Value[] = [];
    if (ts.isIdentifier(parameter.name)) values.push(this.withType(this.named(parameter.name.text, parameter.name, false), parameter.type));
    else values.push(this.withType({ opaque: [{ name: '', subject: false, trace: [] }] }, parameter.type));
    const handedBySdk = this.sdkCallbackParameter(fn, index);
    if (handedBySdk) values.push(handedBySdk);
    const declared = this.instanceOfType(parameter.type);
    if (declared) values.push(declared);
    const resolved = index === 0 ? this.promiseResult(fn) : undefined;
    if (resolved) values.push(resolved);
    if (parameter.initializer) values.push(this.evaluate(parameter.initializer));
    return join(values);
  }

  /** `promise.then((value) => ...)`: the callback's first parameter is what the promise resolves to. */
  private promiseResult(fn: TS.SignatureDeclaration): Value | undefined {
    const call = fn.parent;
    if (!call || !ts.isCallExpression(call) || call.arguments[0] !== (fn as unknown as TS.Expression)) return undefined;
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'then') return undefined;
    const value = this.evaluate(callee.expression);
    return value === NOTHING ? undefined : value;
  }

  /**
   * The environment in which a function's summary is computed: each parameter is known by its
   * name, and marked as that parameter so that what reaches a sink can be traced back to it.
   */
  summaryEnvironment(fn: TS.SignatureDeclaration): Environment {
    const parameters = new Map<TS.Node, Value>();
    fn.parameters.forEach((parameter, index) => {
      const name = ts.isIdentifier(parameter.name) ? parameter.name.text : '';
      const match = name ? this.catalog.names.classify(name, false) : undefined;
      parameters.set(
        parameter,
        compact({
          taints: match ? [{ category: match.category, trace: [parameter.name], origin: 'name' }] : [],
          opaque: [{ name, subject: isSubjectName(name) || this.personType(parameter.type), trace: [], param: { index, path: [] }, ...(parameter.type ? { type: parameter.type } : {}) }],
        }),
      );
    });
    return { parameters, depth: 0 };
  }

  /** Evaluates in an environment from summaryEnvironment (analysis of a function's body). */
  evaluateIn(node: TS.Expression, environment: Environment | undefined): Value {
    return this.evaluate(node, environment);
  }

  /** `Sentry.withScope((scope) => ...)`: the SDK hands its object to a callback. */
  private sdkCallbackParameter(fn: TS.SignatureDeclaration, parameterIndex: number): Value | undefined {
    // Bugsnag.start({ onError: (event) => ... }) and { onError(event) {} }: a callback given as an option.
    const option = ts.isMethodDeclaration(fn) ? fn : fn.parent && ts.isPropertyAssignment(fn.parent) ? fn.parent : undefined;
    const key = option && ts.isObjectLiteralExpression(option.parent) ? propertyNameText(option.name) : undefined;
    const argument: TS.Node = key !== undefined ? option!.parent : fn;
    const call = argument.parent;
    if (!call || !ts.isCallExpression(call)) return undefined;
    const argumentIndex = call.arguments.indexOf(argument as TS.Expression);
    if (argumentIndex < 0) return undefined;
    const callee = this.evaluate(call.expression);
    const sdks: SdkRef[] = [];
    // instrumentAsync(ctx, async (span) => span.setAttributes(...)): the app's own function hands the callback an SDK object.
    for (const declaration of callee.functions ?? []) {
      if (!ts.isFunctionLike(declaration)) continue;
      const home = declaration.getSourceFile() === this.sourceFile || !this.project ? this : this.project.evaluatorFor(declaration.getSourceFile());
      sdks.push(...(home.handedToCallback(declaration as TS.SignatureDeclaration, argumentIndex, parameterIndex).sdks ?? []));
    }
    for (const sdk of callee.sdks ?? []) {
      for (const factory of sdk.vendor.factoriesByPath.get(sdk.path) ?? []) {
        if (factory.callback?.arg === argumentIndex && factory.callback.param === parameterIndex && factory.callback.key === key && appliesToEntry(factory, sdk.entry)) {
          sdks.push({ ...sdk, path: factory.returns });
        }
      }
    }
    return sdks.length ? { sdks } : undefined;
  }

  /**
   * The SDK objects `fn` passes as argument `parameterIndex` when it calls its parameter `callbackIndex`
   * (`callback(span)` inside `instrumentAsync(ctx, callback)`), computed once per function; a function being
   * computed gives nothing to a recursive question.
   */
  handedToCallback(fn: TS.SignatureDeclaration, callbackIndex: number, parameterIndex: number): Value {
    const key = `${fn.pos}:${callbackIndex}:${parameterIndex}`;
    const known = this.handedToCallbacks.get(key);
    if (known) return known;
    this.handedToCallbacks.set(key, NOTHING);
    const parameter = fn.parameters[callbackIndex];
    const body = (fn as TS.FunctionLikeDeclaration).body;
    if (!parameter || !body || !ts.isIdentifier(parameter.name)) return NOTHING;
    const name = parameter.name.text;
    const sdks: SdkRef[] = [];
    const visit = (node: TS.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name && this.scopes.resolve(node.expression)?.declaration === parameter) {
        const handed = node.arguments[parameterIndex];
        if (handed && !ts.isSpreadElement(handed)) sdks.push(...(this.evaluate(handed).sdks ?? []));
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    const value = sdks.length ? { sdks } : NOTHING;
    this.handedToCallbacks.set(key, value);
    return value;
  }

  private importedModule(binding: Binding): Value {
    const declaration = binding.declaration;
    let specifier: string | undefined;
    if (ts.isImportEqualsDeclaration(declaration)) {
      const reference = declaration.moduleReference;
      if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) specifier = reference.expression.text;
    } else {
      let node: TS.Node = declaration;
      while (!ts.isImportDeclaration(node)) node = node.parent;
      if (ts.isStringLiteral(node.moduleSpecifier)) specifier = node.moduleSpecifier.text;
    }
    if (specifier === undefined) return NOTHING;
    const module = this.moduleValue(specifier);
    return module === NOTHING ? this.named(binding.name, binding.identifier, false) : module;
  }

  // ---------------------------------------------------------------- classes (classes.ts) and modules (modules.ts)

  /**
   * A member of an instance of the app's class: a method, a field's initializer, or what the
   * constructor assigns to `this.name` (`this.client = new PostHog(key)`).
   */
  classMember(declaration: TS.ClassLikeDeclaration, name: string, depth = 0): Value | undefined {
    const home = declaration.getSourceFile();
    if (home !== this.sourceFile && this.project) return this.project.evaluatorFor(home).classMember(declaration, name, depth);
    return classMember(this, declaration, name, depth);
  }

  /** What `new` of an SDK class gives (its `new: true` factories), or undefined when the value is no SDK class. */
  sdkInstanceOf(sdkClass: Value): Value | undefined {
    return sdkInstanceOf(sdkClass);
  }

  /** An instance of an SDK class or of the app's own class, from a declared type naming the class (see classes.ts). */
  instanceOfType(type: TS.TypeNode | undefined): Value | undefined {
    return instanceOfType(this, type);
  }

  private readonly exports = new ModuleExports(this);

  /** What this file exports as `name` (`default` for the default export), following re-exports; computed once per name. */
  exportedValue(name: string): Value {
    return this.exports.exportedValue(name);
  }

  /** What importing or requiring a module specifier gives: an SDK, a known hash library, one of the app's modules, or nothing known. */
  moduleValue(specifier: string): Value {
    return moduleValue(specifier, this.catalog, (path) => this.project?.graph.resolve(path, this.sourceFile.fileName));
  }

  /** The value of a binding outside any call's context (a top-level declaration, an import). */
  bindingValue(binding: Binding): Value {
    return this.valueOfBinding(binding, undefined);
  }

  /** What a parameter holds when nothing binds it (its name, declared type, SDK class). */
  parameterValueOf(parameter: TS.ParameterDeclaration): Value {
    return this.parameterValue(parameter);
  }

  /** A function's return value for no arguments (a getter's). */
  getterValue(getter: TS.GetAccessorDeclaration): Value {
    return this.returnValue(getter, [], undefined, getter);
  }

  // ---------------------------------------------------------------- properties

  readProperty(receiver: Value, name: string, node: TS.Node): Value {
    const value = this.readPropertyOf(receiver, name, node);
    if (!isSecretName(name)) return value;
    // `config.hashSalt` says more than `hashSalt`.
    const text = ts.isPropertyAccessExpression(node) ? node.getText(this.sourceFile) : name;
    return asSecret(name, value, text.length <= 60 && !/\s/.test(text) ? text : name);
  }

  private readPropertyOf(receiver: Value, name: string, node: TS.Node): Value {
    const source = this.sourceAt(node, name);
    if (source) return source;
    const results: Value[] = [];
    if (receiver.sdks) results.push({ sdks: receiver.sdks.map((sdk) => memberOf(sdk, name)) });
    for (const builtin of receiver.builtins ?? []) {
      const member = builtinMember(builtin, name, this);
      if (member) results.push(member);
    }
    const property = receiver.props?.get(name);
    if (property) results.push(seenAt(property.value, node));
    for (const opaque of receiver.opaque ?? []) {
      if (opaque.without?.has(name)) continue;
      const subject = opaque.subject;
      // `organization.id` is an organization id; `user.name` is a person's name.
      const match = this.catalog.names.classify(name, subject) ?? (!subject && opaque.name ? this.catalog.names.classify(`${opaque.name}_${name}`, false) : undefined);
      const trace = extend(opaque.trace, node);
      const taints: Taint[] = match
        ? [{ category: match.category, trace, origin: 'name', ...(match.anonymizedByName ? { anonymizer: byName(name) } : {}) }]
        : [];
      const param: ParameterRef | undefined = opaque.param ? { index: opaque.param.index, path: [...opaque.param.path, name], ...(opaque.param.owner ? { owner: opaque.param.owner } : {}) } : undefined;
      if (param?.owner) for (const taint of taints) taint.param = param;
      const type = opaque.type ? this.typeFields.fieldType(opaque.type, name) : undefined;
      const checked = !type && opaque.checked ? this.checkedFieldType(opaque.checked, name) : undefined;
      const aboutPerson = stillAboutPerson(subject, name) || this.personType(type);
      // `req.body`: what the client posted, in a shape the code does not declare.
      const input = !type && !checked && !param && REQUEST_INPUTS.has(name) && (isRequestName(opaque.name) || /Request$/.test((opaque.type && this.typeFields.typeName(opaque.type)) ?? ''));
      const shape = input ? { unknownShape: excerpt(node.getText(this.sourceFile), 60) } : {};
      results.push(compact({ taints, opaque: [{ name, subject: aboutPerson, trace, ...(param ? { param } : {}), ...(type ? { type } : {}), ...(checked ? { checked } : {}), ...shape }] }));
    }
    if (receiver.taints && !receiver.props && (name === 'length' || name === 'size')) results.push(CONSTANT);
    if (results.length === 0 && receiver.constant) return CONSTANT;
    return join(results);
  }

  /** `obj[key]` with a key we cannot know: any of its properties. */
  private readAnyProperty(receiver: Value, node: TS.Node): Value {
    const values: Value[] = [];
    for (const property of receiver.props?.values() ?? []) values.push(seenAt(property.value, node));
    for (const opaque of receiver.opaque ?? []) {
      // An element of an array declared `Member[]` or `Array<Member>` is a Member.
      const elementType = opaque.type && arrayElementType(opaque.type);
      const subject = opaque.subject || this.personType(elementType);
      const param = anyElementOf(opaque.param);
      values.push({ opaque: [{ name: '', subject, trace: extend(opaque.trace, node), ...(elementType ? { type: elementType } : {}), ...(param ? { param } : {}) }] });
    }
    return join(values);
  }

  /** `document.referrer`, `req.ip`, `navigator.userAgent`: expressions that are personal data wherever they appear. */
  private sourceAt(node: TS.Node, name: string): Value | undefined {
    if (!this.catalog.sourceTails.has(name)) return undefined;
    const chain = accessChain(node);
    if (!chain) return undefined;
    for (let start = 0; start < chain.length - 1; start++) {
      const category = this.catalog.sources.get(chain.slice(start).join('.'));
      if (category) return { taints: [{ category, trace: [node], origin: 'source' }] };
    }
    return undefined;
  }

  // ---------------------------------------------------------------- calls

  private evaluateCall(call: TS.CallExpression, environment: Environment | undefined): Value {
    const callee = call.expression;
    if (callee.kind === ts.SyntaxKind.ImportKeyword) {
      const specifier = call.arguments[0] && literalText(call.arguments[0]);
      return specifier === undefined ? NOTHING : this.moduleValue(specifier);
    }
    if (ts.isIdentifier(callee) && callee.text === 'require' && !this.scopes.resolve(callee)) {
      const specifier = call.arguments[0] && literalText(call.arguments[0]);
      return specifier === undefined ? NOTHING : this.moduleValue(specifier);
    }
    const calleeValue = this.evaluate(callee, environment);
    const argument = (index: number): Value => {
      const node = call.arguments[index];
      return node && !ts.isSpreadElement(node) ? this.evaluate(node, environment) : NOTHING;
    };
    const results: Value[] = [];

    if (calleeValue.sdks) {
      const sdks: SdkRef[] = [];
      for (const sdk of calleeValue.sdks) {
        for (const factory of sdk.vendor.factoriesByPath.get(sdk.path) ?? []) {
          if (!factory.new && !factory.callback && appliesToEntry(factory, sdk.entry)) sdks.push({ ...sdk, path: factory.returns });
        }
        if (sdk.path.endsWith('.bind')) sdks.push({ ...sdk, path: sdk.path.slice(0, -'.bind'.length) });
      }
      if (sdks.length) results.push({ sdks });
    }
    for (const builtin of calleeValue.builtins ?? []) {
      const result = this.callBuiltin(builtin, call, argument);
      if (result) results.push(result);
    }
    if (calleeValue.hasher) results.push(this.callHasher(calleeValue.hasher, call, argument));

    // A function the policy declares an anonymizer: its result is its arguments, anonymized.
    const declared = this.declaredAnonymizer(call.expression, calleeValue);
    if (declared) {
      const inputs = join(call.arguments.map((_, index) => argument(index)));
      return seenAt(anonymize(inputs, { name: `${declared.function} (declared in the policy)`, strength: declared.weak ? 'weak' : 'keyed' }), call);
    }
    // The app's own functions: evaluate what they return, with this call's arguments bound.
    for (const fn of calleeValue.functions ?? []) results.push(seenAt(this.returnValue(fn, call.arguments, environment, call), call));

    if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
      const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : literalText(callee.argumentExpression) ?? '';
      if (NON_PERSONAL_RESULT.has(method)) return results.length ? join(results) : CONSTANT;
      const receiver = this.evaluate(callee.expression, environment);
      const atIndex = method === 'at' && call.arguments[0] ? literalIndex(call.arguments[0]) : method === 'pop' ? -1 : method === 'shift' ? 0 : undefined;
      if (receiver.hasher && (method === 'update' || method === 'digest')) {
        results.push(this.callHasher(receiver.hasher, call, argument, method));
      } else if (method === 'split' && call.arguments[0] && literalText(call.arguments[0]) === '@' && flatten(receiver).some((taint) => taint.category === 'email')) {
        // email.split('@'): the local part still names the person; the domain (`.at(1)`, `[1]`, `.pop()`) is the
        // company's or the mail provider's.
        const rest = flatten(receiver).filter((taint) => taint.category !== 'email');
        results.push({ props: new Map([['0', { value: seenAt(receiver, call), node: call }], ['1', { value: rest.length ? seenAt({ taints: rest }, call) : CONSTANT, node: call }]]) });
      } else if (atIndex !== undefined && receiver.props && [...receiver.props.keys()].every((key) => /^\d+$/.test(key))) {
        // parts.at(-1), parts.pop(): one element of an array whose elements are known.
        const size = Math.max(...[...receiver.props.keys()].map(Number)) + 1;
        results.push(this.readProperty(receiver, String(atIndex < 0 ? size + atIndex : atIndex), call));
      } else if (STRING_PRESERVING.has(method)) {
        const parts = [receiver, ...call.arguments.map((_, index) => argument(index))];
        results.push(method === 'bind' || method === 'then' || method === 'finally' ? receiver : asString(parts, call));
      } else if ((method === 'reduce' || method === 'reduceRight') && call.arguments[0]) {
        // members.reduce((all, member) => ({ ...all, [member.id]: member.email }), {})
        const initial = argument(1);
        const element = this.readAnyProperty(receiver, callee);
        markImprecise(argument(0));
        for (const fn of argument(0).functions ?? []) results.push(seenAt(this.callWithValues(fn, [initial, element], environment, call), call));
        if (initial !== NOTHING) results.push(initial);
      } else if (ELEMENT_MAPPING.has(method) && call.arguments[0]) {
        // users.map((user) => user.email): the callback's parameter is an element of the receiver.
        const element = this.readAnyProperty(receiver, callee);
        markImprecise(argument(0));
        for (const fn of argument(0).functions ?? []) results.push(seenAt(this.callWithValues(fn, [element], environment, call), call));
      } else if (ELEMENT_PRESERVING.has(method)) {
        results.push(seenAt(receiver, call));
      } else if (ELEMENT_PICKING.has(method)) {
        results.push(this.readAnyProperty(receiver, call));
      } else if (VALIDATED_INPUT.has(method) && call.arguments.length === 1 && !receiver.builtins) {
        // schema.parse(body) is the body, field by field (JSON.parse, a built-in, reads text instead).
        results.push(seenAt(argument(0), call));
      } else if (VALIDATED_INPUT_AS_DATA.has(method) && call.arguments.length === 1) {
        results.push({ props: new Map([['data', { value: seenAt(argument(0), call), node: call }]]) });
      } else if (PIPED_INTO_ARGUMENT.has(method) && call.arguments.length === 1) {
        const target = argument(0);
        if (target.sdks) results.push({ sdks: target.sdks });
      } else if ((method === 'json' || method === 'formData') && call.arguments.length === 0 && !calleeValue.functions && !receiver.sdks && !receiver.builtins) {
        // `await request.json()`, `await response.json()`: a body parsed into fields the code does not name.
        results.push({ opaque: [unknownShape(call, this.sourceFile)] });
      }
    }

    if (results.length > 0) return join(results);
    return this.unknownCall(call, calleeValue, argument);
  }

  /**
   * A call we cannot see into (an import, a global, a method of an unknown object): its result
   * carries its arguments' data (`encodeURIComponent(email)`), and a getter's name says what it
   * returns (`user.getEmail()`, `useCurrentUser()`).
   */
  private unknownCall(call: TS.CallExpression, calleeValue: Value, argument: (index: number) => Value): Value {
    // Calling a parameter itself (a callback): what it returns depends on the function passed.
    markImprecise({ opaque: (calleeValue.opaque ?? []).filter((opaque) => opaque.param?.path.length === 0) });
    const name = calleeName(call.expression);
    const words = name ? tokenize(name) : [];
    if (words.length > 1 && (NON_PERSONAL_RESULT.has(name!) || /^(is|has|should|can|validate|check|count|compare|verify|log|track|send|emit|dispatch|set|update|delete|remove|save|post|put)$/.test(words[0]!))) {
      return CONSTANT;
    }
    if (name && NON_PERSONAL_RESULT.has(name)) return CONSTANT;
    const parts: Value[] = [];
    const argumentTaints = call.arguments.flatMap((_, index) => flatten(argument(index)));
    if (argumentTaints.length) parts.push(seenAt({ taints: argumentTaints }, call));
    // new TextEncoder().encode(email + salt), Buffer.from(...): the bytes still hold the salt.
    const argumentSecrets = call.arguments.flatMap((_, index) => secretsOf(argument(index)));
    if (argumentSecrets.length) parts.push({ secrets: argumentSecrets });
    const receiverIsOpaque = (calleeValue.opaque?.length ?? 0) > 0 || ts.isPropertyAccessExpression(call.expression);
    if (name && (GETTER_PREFIXES.has(words[0] ?? '') || receiverIsOpaque)) {
      const subject = isSubjectName(name) || (calleeValue.opaque ?? []).some((opaque) => opaque.subject);
      parts.push(this.named(words[0] && GETTER_PREFIXES.has(words[0]) ? words.slice(1).join('_') || name : name, call, subject));
    } else {
      parts.push({ opaque: [{ name: name ?? '', subject: name ? isSubjectName(name) : false, trace: [call] }] });
    }
    // getHashSecret(), loadSalt(): a key fetched at run time.
    return name ? asSecret(name, join(parts)) : join(parts);
  }

  private declaredAnonymizer(callee: TS.Expression, calleeValue: Value) {
    const name = calleeName(callee);
    if (!name || !this.project) return undefined;
    const fn = calleeValue.functions?.[0];
    const declaredIn = fn ? fn.getSourceFile().fileName : undefined;
    const root = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression : undefined;
    const binding = root && this.scopes.resolve(root);
    let importedFrom: string | undefined;
    for (let node: TS.Node | undefined = binding?.kind === 'import' ? binding.declaration : undefined; node; node = node.parent) {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) importedFrom = node.moduleSpecifier.text;
    }
    return this.project.declaredAnonymizer(name, declaredIn, importedFrom);
  }

  /** What a function of the app returns for these arguments (recursion and deep chains are cut at MAX_CALL_DEPTH). */
  private returnValue(fn: TS.Node, args: readonly TS.Expression[], environment: Environment | undefined, call: TS.Node): Value {
    if (!ts.isFunctionLike(fn) || !(fn as TS.FunctionLikeDeclaration).body) return NOTHING;
    const argumentValues = args.map((argument) => (ts.isSpreadElement(argument) ? NOTHING : seenAt(this.evaluate(argument, environment), argument)));
    return this.callWithValues(fn, argumentValues, environment, call);
  }

  /** What a function of the app returns for arguments already evaluated (a callback handed array elements). */
  private callWithValues(fn: TS.Node, argumentValues: readonly Value[], environment: Environment | undefined, call: TS.Node): Value {
    if (!ts.isFunctionLike(fn) || !(fn as TS.FunctionLikeDeclaration).body) return NOTHING;
    // A function declared in another file is evaluated by that file's evaluator, which knows its scopes.
    const home = fn.getSourceFile();
    const evaluator = home === this.sourceFile || !this.project ? this : this.project.evaluatorFor(home);
    const declaration = fn as TS.FunctionLikeDeclaration;
    // The function's return value, computed once, with this call's arguments put in for its parameters.
    const summary = evaluator.returnSummaryOf(declaration, (environment?.summaries ?? 0) + 1);
    if (summary && !summary.imprecise) return this.substitute(summary, evaluator.boundArguments(declaration, argumentValues), call);
    // Recursion (the summary is being computed), too deep a chain, or a function its summary cannot
    // stand for evaluated past MAX_CALL_DEPTH: the call carries what its arguments carry.
    const depth = environment?.depth ?? 0;
    if (!summary || depth >= MAX_CALL_DEPTH) return compact({ taints: argumentValues.flatMap((value) => flatten(value)) });
    return evaluator.returnWith(declaration, argumentValues, depth, environment?.summaries ?? 0);
  }

  /** The values the parameters take for these arguments: a missing one is its default, or known by its name. */
  private boundArguments(fn: TS.FunctionLikeDeclaration, argumentValues: readonly Value[]): Value[] {
    return fn.parameters.map((parameter, index) => {
      let value: Value = argumentValues[index] ?? NOTHING;
      if (value === NOTHING && parameter.initializer) value = this.evaluate(parameter.initializer);
      return value === NOTHING ? this.named(ts.isIdentifier(parameter.name) ? parameter.name.text : '', parameter, false) : value;
    });
  }

  private returnWith(fn: TS.FunctionLikeDeclaration, argumentValues: readonly Value[], depth: number, summaries: number): Value {
    const parameters = new Map<TS.Node, Value>();
    const bound = this.boundArguments(fn, argumentValues);
    fn.parameters.forEach((parameter, index) => parameters.set(parameter, bound[index]!));
    return this.returnsIn(fn, { parameters, depth: depth + 1, summaries });
  }

  private returnsIn(fn: TS.FunctionLikeDeclaration, environment: Environment): Value {
    const body = fn.body!;
    if (!ts.isBlock(body)) return this.evaluate(body as TS.Expression, environment);
    const returns: Value[] = [];
    const visit = (node: TS.Node): void => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) returns.push(this.evaluate(node.expression, environment));
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    return join(returns);
  }

  private readonly returnSummaries = new Map<TS.Node, ReturnSummary>();

  /**
   * What a function of this file returns, computed once: each parameter is a stand-in (an opaque
   * value and a taint that say "parameter i, this property path"), replaced at each call by what
   * the caller passes (see substitute). Undefined while it is being computed (recursion) or when
   * too many are nested; those calls are evaluated with their arguments, as before.
   */
  returnSummaryOf(fn: TS.FunctionLikeDeclaration, nesting: number): ReturnSummary | undefined {
    const existing = this.returnSummaries.get(fn);
    if (existing) return existing.done ? existing : undefined;
    if (nesting > MAX_SUMMARY_NESTING) return undefined;
    const summary: ReturnSummary = { fn, value: NOTHING, imprecise: false, done: false };
    this.returnSummaries.set(fn, summary);
    const parameters = new Map<TS.Node, Value>();
    fn.parameters.forEach((parameter, index) => {
      const name = ts.isIdentifier(parameter.name) ? parameter.name.text : '';
      const param: ParameterRef = { index, path: [], owner: summary };
      parameters.set(parameter, {
        taints: [{ category: STAND_IN, trace: [], origin: 'name', param }],
        opaque: [{ name, subject: isSubjectName(name) || this.personType(parameter.type), trace: [], param, ...(parameter.type ? { type: parameter.type } : {}) }],
      });
    });
    try {
      summary.value = this.returnsIn(fn, { parameters, depth: 0, summaries: nesting });
    } catch (error) {
      this.returnSummaries.delete(fn);
      throw error;
    }
    summary.done = true;
    return summary;
  }

  /** A return summary with the arguments of one call put in for the parameters' stand-ins. */
  private substitute(summary: ReturnSummary, argumentValues: readonly Value[], call: TS.Node): Value {
    const replaced = { count: 0, constant: true };
    const value = this.replaceStandIns(summary.value, summary, argumentValues, call, replaced, 0);
    // `'mailto:' + address` called with a literal: a literal, as evaluating the body with it would say.
    return value === NOTHING && replaced.count > 0 && replaced.constant ? CONSTANT : value;
  }

  private replaceStandIns(value: Value, summary: ReturnSummary, argumentValues: readonly Value[], call: TS.Node, replaced: { count: number; constant: boolean }, depth: number): Value {
    if (value === NOTHING || value === CONSTANT) return value;
    const actual = (param: ParameterRef): Value => {
      let current = argumentValues[param.index] ?? NOTHING;
      for (const name of param.path) current = name === ANY_ELEMENT ? this.readAnyProperty(current, call) : this.readProperty(current, name, call);
      replaced.count++;
      if (!current.constant) replaced.constant = false;
      return current;
    };
    const parts: Value[] = [];
    let taints = value.taints;
    if (taints?.some((taint) => taint.param?.owner === summary)) {
      const kept: Taint[] = [];
      for (const taint of taints) {
        if (taint.param?.owner !== summary) {
          kept.push(taint);
          continue;
        }
        // The caller's data, its trace continued by the hops inside the function.
        for (const inner of flatten(actual(taint.param))) {
          let trace = inner.trace;
          for (const node of taint.trace) trace = extend(trace, node);
          kept.push({ ...inner, trace, ...(taint.anonymizer && !inner.anonymizer ? { anonymizer: taint.anonymizer } : {}) });
        }
      }
      taints = kept;
    }
    let opaque = value.opaque;
    if (opaque?.some((item) => item.param?.owner === summary)) {
      const kept: Opaque[] = [];
      for (const item of opaque) {
        if (item.param?.owner === summary) parts.push(actual(item.param));
        else kept.push(item);
      }
      opaque = kept;
    }
    let props = value.props;
    if (props) {
      const next = new Map<string, PropertyValue>();
      for (const [key, property] of props) {
        // Deeper than any evaluation builds; what is left there is dropped rather than kept as a stand-in.
        const inner = depth < 16 ? this.replaceStandIns(property.value, summary, argumentValues, call, replaced, depth + 1) : NOTHING;
        if (inner !== NOTHING) next.set(key, { value: inner, node: property.node });
      }
      props = next;
    }
    const hasher = value.hasher ? { ...value.hasher, input: this.replaceStandIns(value.hasher.input, summary, argumentValues, call, replaced, depth + 1) } : undefined;
    const own = compact({ ...value, taints: taints ?? [], opaque: opaque ?? [], ...(props ? { props } : {}), ...(hasher ? { hasher } : {}) });
    return parts.length ? join([own, ...parts]) : own;
  }

  private evaluateNew(expression: TS.NewExpression, environment: Environment | undefined): Value {
    const callee = this.evaluate(expression.expression, environment);
    markImprecise(callee);
    const instance = this.sdkInstanceOf(callee);
    if (instance) return this.atEndpoint(instance, expression);
    for (const builtin of callee.builtins ?? []) if (builtin.kind === 'class-instance') return { builtins: [builtin] };
    const name = calleeName(expression.expression);
    if (name !== undefined && DATA_PRESERVING_CONSTRUCTORS.has(name)) {
      return compact({ taints: (expression.arguments ?? []).flatMap((argument) => flatten(this.evaluate(argument, environment))) });
    }
    return NOTHING;
  }

  /**
   * new OpenAI({ baseURL }): for an OpenAI-compatible SDK the server decides who receives the data. A host in the
   * vendor's table is that vendor (its calls matched as the SDK's); a self-hosted server, or one the code does not
   * name a runner for, keeps the SDK and says so on the reference (the session lists the one, the policy may name
   * the other).
   */
  private atEndpoint(instance: Value, expression: TS.NewExpression): Value {
    if (!instance.sdks?.some((sdk) => sdk.vendor.endpoints)) return instance;
    const sdks: SdkRef[] = [];
    for (const sdk of instance.sdks) {
      const resolved = sdk.vendor.endpoints && resolveEndpoint(expression.arguments?.[0], sdk.vendor.endpoints, (identifier) => this.constInitializer(identifier));
      if (!resolved) {
        sdks.push(sdk);
        continue;
      }
      const endpoint = { ...resolved, sdk: sdk.vendor.id };
      const vendor = resolved.target === undefined || resolved.target === 'self-hosted' ? undefined : this.catalog.vendors.get(resolved.target);
      sdks.push(vendor ? { ...sdk, endpoint, vendor: { ...sdk.vendor, id: vendor.id, name: vendor.name, kind: vendor.kind, endpoints: undefined } } : { ...sdk, endpoint });
    }
    return { sdks };
  }

  private constInitializer(identifier: TS.Identifier): TS.Expression | undefined {
    const binding = this.scopes.resolve(identifier);
    const declaration = binding?.declaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || binding.path.length > 0 || !ts.isIdentifier(declaration.name)) return undefined;
    return ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const ? declaration.initializer : undefined;
  }

  private callBuiltin(builtin: Builtin, call: TS.CallExpression, argument: (index: number) => Value): Value | undefined {
    switch (builtin.kind) {
      case 'create-hash': {
        const algorithm = (call.arguments[0] && literalText(call.arguments[0])) ?? 'unknown';
        return { hasher: { algorithm: algorithm.toLowerCase(), keyed: builtin.keyed, input: NOTHING, ...(builtin.keyed ? { key: argument(1) } : {}) } };
      }
      case 'hash-function': {
        const { fn } = builtin;
        const inputs = join(call.arguments.map((_, index) => (index === fn.key ? NOTHING : argument(index))));
        const anonymizer = fn.key === undefined ? hashOf(fn.name, inputs, fn.weak) : hmacOf(fn.name, argument(fn.key), fn.weak);
        return seenAt(anonymize(join([inputs, fn.key === undefined ? NOTHING : argument(fn.key)]), anonymizer), call);
      }
      case 'json-stringify':
        // JSON.stringify(member): the text holds everything the value holds.
        return seenAt(argument(0), call);
      case 'json-parse': {
        // JSON.parse(text): what the text holds, in fields nobody can name from the code (unless it is a literal).
        const text = argument(0);
        if (text.constant) return CONSTANT;
        const taints = flatten(text);
        return compact({ ...(taints.length ? { taints: seenAt({ taints }, call).taints } : {}), opaque: [unknownShape(call, this.sourceFile)] });
      }
      default:
        return undefined;
    }
  }

  private callHasher(hasher: Hasher, node: TS.Node, argument: (index: number) => Value, method?: string): Value {
    if (method === 'update') return { hasher: { ...hasher, input: join([hasher.input, argument(0)]) } };
    const weak = /^(md5|sha1|md4|ripemd160)$/.test(hasher.algorithm);
    const anonymizer = hasher.keyed ? hmacOf(`hmac-${hasher.algorithm}`, hasher.key ?? NOTHING, weak) : hashOf(hasher.algorithm, hasher.input, weak);
    return seenAt(anonymize(hasher.input, anonymizer), node);
  }

  // ---------------------------------------------------------------- literals

  private evaluateObject(object: TS.ObjectLiteralExpression, environment: Environment | undefined): Value {
    const props = new Map<string, PropertyValue>();
    const spreads: Value[] = [];
    for (const property of object.properties) {
      if (ts.isPropertyAssignment(property)) {
        const key = propertyNameText(property.name);
        if (key !== undefined) {
          props.set(key, { value: this.evaluate(property.initializer, environment), node: property });
        } else if (ts.isComputedPropertyName(property.name)) {
          // { [member.id]: member.email }: the key and the value are both sent; what they carry is kept.
          const taints = [...flatten(this.evaluate(property.name.expression, environment)), ...flatten(this.evaluate(property.initializer, environment))];
          if (taints.length) spreads.push(seenAt({ taints }, property));
        }
      } else if (ts.isShorthandPropertyAssignment(property)) {
        props.set(property.name.text, { value: this.evaluateIdentifier(property.name, environment), node: property });
      } else if (ts.isSpreadAssignment(property)) {
        const evaluated = seenAt(this.evaluate(property.expression, environment), property);
        // `{ ...user }` with `user: User`: the fields its type declares.
        const spread = this.expandTyped(evaluated, property.expression, true) ?? evaluated;
        for (const [key, value] of spread.props ?? []) if (!props.has(key)) props.set(key, value);
        if (spread.opaque || spread.taints) spreads.push({ ...(spread.opaque ? { opaque: spread.opaque } : {}), ...(spread.taints ? { taints: spread.taints } : {}) });
      } else if (ts.isMethodDeclaration(property)) {
        const key = propertyNameText(property.name);
        if (key !== undefined && property.body) props.set(key, { value: { functions: [property] }, node: property });
      } else if (ts.isGetAccessorDeclaration(property)) {
        const key = propertyNameText(property.name);
        if (key !== undefined && property.body) props.set(key, { value: this.returnValue(property, [], environment, property), node: property });
      }
    }
    const known = compact({ props, constant: props.size === 0 && spreads.length === 0 });
    return spreads.length ? join([known, ...spreads]) : known;
  }

  private evaluateArray(array: TS.ArrayLiteralExpression, environment: Environment | undefined): Value {
    const props = new Map<string, PropertyValue>();
    const spreads: Value[] = [];
    array.elements.forEach((element, index) => {
      if (ts.isSpreadElement(element)) spreads.push(this.elementsOf(this.evaluate(element.expression, environment)));
      else if (!ts.isOmittedExpression(element)) props.set(String(index), { value: this.evaluate(element, environment), node: element });
    });
    return join([compact({ props, constant: props.size === 0 }), ...spreads]);
  }

  private elementsOf(value: Value): Value {
    const elements = [...(value.props?.values() ?? [])].map((property) => property.value);
    const opaque = (value.opaque ?? []).map((item) => {
      const param = anyElementOf(item.param);
      return { name: '', subject: item.subject, trace: item.trace, ...(param ? { param } : {}) };
    });
    return join([...elements, compact({ opaque, taints: value.taints ?? [] })]);
  }

  private evaluateBinary(binary: TS.BinaryExpression, environment: Environment | undefined): Value {
    const operator = binary.operatorToken.kind;
    switch (operator) {
      case ts.SyntaxKind.PlusToken:
        return asString([this.evaluate(binary.left, environment), this.evaluate(binary.right, environment)], binary);
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.BarBarEqualsToken:
      case ts.SyntaxKind.QuestionQuestionEqualsToken:
        return join([this.evaluate(binary.left, environment), this.evaluate(binary.right, environment)]);
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.CommaToken:
      case ts.SyntaxKind.EqualsToken:
        return this.evaluate(binary.right, environment);
      default:
        return CONSTANT;
    }
  }

  // ---------------------------------------------------------------- indexes

  /** Assignments to a variable or to its properties (`props.email = x`, `Object.assign(props, {...})`). */
  private assignmentsTo(binding: Binding): readonly { path: string[]; value: TS.Expression; node: TS.Node; whole: boolean }[] {
    if (!this.assignmentsIndex) {
      const index = new Map<Binding, { path: string[]; value: TS.Expression; node: TS.Node; whole: boolean }[]>();
      const add = (root: TS.Identifier, entry: { path: string[]; value: TS.Expression; node: TS.Node; whole: boolean }): void => {
        const target = this.scopes.resolve(root);
        if (!target) return;
        const list = index.get(target);
        if (list) list.push(entry);
        else index.set(target, [entry]);
      };
      let added = 0;
      const visit = (node: TS.Node): void => {
        if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) {
          const target = assignmentTarget(node.left);
          if (target) add(target.root, { path: target.path, value: node.right, node, whole: target.path.length === 0 });
          else if (ts.isElementAccessExpression(node.left) && ts.isIdentifier(node.left.expression)) {
            // `result[key] = value` with a key known only at run time.
            const filled = this.scopes.resolve(node.left.expression);
            if (filled) this.filledByKey.add(filled);
          }
        } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ELEMENT_ADDING.has(node.expression.name.text)) {
          // `messages.push(message)`: an element more, under a key no literal index uses.
          const target = assignmentTarget(node.expression.expression);
          if (target) {
            for (const element of node.arguments) {
              if (!ts.isSpreadElement(element)) add(target.root, { path: [...target.path, String(ADDED_ELEMENT_KEYS + added++)], value: element, node, whole: false });
            }
          }
        } else if (ts.isCallExpression(node) && isObjectAssign(node.expression) && node.arguments.length > 1) {
          const target = assignmentTarget(node.arguments[0]!);
          if (target) {
            for (const source of node.arguments.slice(1)) {
              if (ts.isSpreadElement(source)) continue;
              add(target.root, { path: target.path, value: source, node, whole: false });
            }
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(this.sourceFile);
      this.assignmentsIndex = index;
    }
    return this.assignmentsIndex.get(binding) ?? [];
  }
}

/** Elements added by push/unshift get numeric keys from here on, apart from an array literal's own. */
const ADDED_ELEMENT_KEYS = 1_000_000;

/** The step of a parameter path that reads an element (`items[i]`, `for (const item of items)`), never a property name. */
const ANY_ELEMENT = '\u0000any';

/** A return summary's parameter path one element further (other parameter references are not followed into elements). */
function anyElementOf(param: ParameterRef | undefined): ParameterRef | undefined {
  return param?.owner ? { ...param, path: [...param.path, ANY_ELEMENT] } : undefined;
}

/** The category a parameter's stand-in taint carries while a return summary is computed; always replaced, never reported. */
const STAND_IN: Category = 'user_id';

/**
 * A parameter of a function whose return summary is being computed, used in a way its stand-in
 * cannot follow (called, iterated, its rest taken): that function's calls are evaluated with
 * their arguments instead.
 */
function markImprecise(value: Value): void {
  for (const opaque of value.opaque ?? []) if (opaque.param?.owner) opaque.param.owner.imprecise = true;
  for (const taint of value.taints ?? []) if (taint.param?.owner) taint.param.owner.imprecise = true;
}

/** The next link inward of a chain: the receiver of a member or call, the left of `+`, `||`, `??`, `&&` or `,`. */
function innerLink(node: TS.Expression): TS.Expression | undefined {
  switch (node.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.ElementAccessExpression:
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.ParenthesizedExpression:
    case ts.SyntaxKind.NonNullExpression:
    case ts.SyntaxKind.AwaitExpression:
    case ts.SyntaxKind.AsExpression:
    case ts.SyntaxKind.SatisfiesExpression:
      return (node as TS.PropertyAccessExpression).expression;
    case ts.SyntaxKind.BinaryExpression:
      return (node as TS.BinaryExpression).left;
    default:
      return undefined;
  }
}

/** The class whose instance `this` is at a node: arrow functions keep the outer `this`, other functions end it. */
function enclosingClass(node: TS.Node): TS.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionLike(current) && !ts.isArrowFunction(current) && !ts.isMethodDeclaration(current) && !ts.isConstructorDeclaration(current) && !ts.isGetAccessor(current) && !ts.isSetAccessor(current) && !ts.isPropertyDeclaration(current.parent)) return undefined;
    if ((ts.isMethodDeclaration(current) || ts.isConstructorDeclaration(current) || ts.isGetAccessor(current) || ts.isSetAccessor(current)) && !ts.isClassLike(current.parent)) return undefined;
  }
  return undefined;
}

function memberOf(sdk: SdkRef, name: string): SdkRef {
  if (sdk.path === '') {
    if (name === 'default') return sdk;
    const entry = sdk.vendor.entrypoints.find((candidate) => candidate.package === sdk.entry);
    const mapped = entry?.exports?.[name];
    if (mapped !== undefined) return { ...sdk, path: mapped };
    return { ...sdk, path: name };
  }
  return { ...sdk, path: `${sdk.path}.${name}` };
}

function builtinMember(builtin: Builtin, name: string, evaluator: FileEvaluator): Value | undefined {
  switch (builtin.kind) {
    case 'global-object': {
      const vendors = evaluator.catalog.globals.get(name);
      if (vendors) return { sdks: vendors.map((vendor) => ({ vendor, entry: `global:${name}`, path: '' })) };
      if (name === 'crypto') return { builtins: [{ kind: 'web-crypto' }] };
      if (GLOBAL_OBJECTS.has(name)) return { builtins: [builtin] };
      // window.currentUser: an app global, known only by its name.
      return { opaque: [{ name, subject: isSubjectName(name), trace: [] }] };
    }
    case 'node-crypto':
      if (name === 'createHash') return { builtins: [{ kind: 'create-hash', keyed: false }] };
      if (name === 'createHmac') return { builtins: [{ kind: 'create-hash', keyed: true }] };
      if (name === 'webcrypto') return { builtins: [{ kind: 'web-crypto' }] };
      if (name === 'subtle') return { builtins: [{ kind: 'subtle' }] };
      if (name === 'default') return { builtins: [builtin] };
      return undefined;
    case 'json':
      if (name === 'parse') return { builtins: [{ kind: 'json-parse' }] };
      return name === 'stringify' ? { builtins: [{ kind: 'json-stringify' }] } : undefined;
    case 'web-crypto':
      return name === 'subtle' ? { builtins: [{ kind: 'subtle' }] } : undefined;
    case 'subtle':
      // subtle.sign(algorithm, key, data): an HMAC (or a signature) with a CryptoKey.
      if (name === 'sign') return { builtins: [{ kind: 'hash-function', fn: { name: 'subtle.sign', weak: false, key: 1 } }] };
      return name === 'digest' ? { builtins: [{ kind: 'hash-function', fn: { name: 'subtle.digest', weak: false } }] } : undefined;
    case 'hash-function': {
      const member = builtin.fn.members?.[name];
      return member ? { builtins: [{ kind: 'hash-function', fn: member }] } : undefined;
    }
    case 'env': {
      const where = BROWSER_ENV_PREFIXES.some((prefix) => name.startsWith(prefix)) ? 'browser' : isSecretName(name) ? 'runtime' : undefined;
      return where ? { constant: true, secrets: [{ expression: `${builtin.prefix}.${name}`, where }] } : CONSTANT;
    }
    case 'app-module':
      return evaluator.project ? evaluator.project.exportValue(builtin.path, name) : undefined;
    case 'class-instance':
      return evaluator.classMember(builtin.declaration, name);
    case 'hash-module': {
      const fn = builtin.functions[name];
      if (fn) return { builtins: [{ kind: 'hash-function', fn }] };
      return name === 'default' && !builtin.functions['default'] ? { builtins: [builtin] } : undefined;
    }
    default:
      return undefined;
  }
}

/** The result of turning values into one string: their data, no shape. */
function asString(parts: readonly Value[], node: TS.Node): Value {
  const taints = parts.flatMap((part) => flatten(part));
  // A salt joined to an e-mail address (`email + process.env.HASH_SALT`) is still in the string.
  const secrets = parts.some((part) => part.secrets || part.props || part.hasher) ? parts.flatMap((part) => secretsOf(part)) : [];
  if (taints.length === 0) {
    const constant = parts.every((part) => part.constant);
    return secrets.length ? compact({ constant, secrets }) : constant ? CONSTANT : NOTHING;
  }
  return seenAt(compact({ taints, secrets }), node);
}

/** The secret words as substrings: most names contain none, and are not tokenized at all. */
const SECRET_HINT = new RegExp([...SECRET_WORDS].join('|'), 'i');

/** Whether a name says it holds a key or salt (`HASH_SALT`, `pepper`, `hmacKey`; not `monkey`). */
function isSecretName(name: string): boolean {
  return SECRET_HINT.test(name) && tokenize(name).some((word) => SECRET_WORDS.has(word));
}

/**
 * A value read under a name that says key or salt: the secret it holds is kept with it. Written in
 * the code when its value is made of literals; otherwise it comes from elsewhere at run time.
 */
function asSecret(name: string, value: Value, expression = name): Value {
  if (value.secrets || value.sdks || value.functions || !isSecretName(name)) return value;
  return { ...value, secrets: [{ expression, where: value.constant ? 'code' : 'runtime' }] };
}

/** A value whose name alone says it was hashed (`hashedEmail` from elsewhere): how, nobody can tell. */
function byName(name: string): Anonymizer {
  return { name: `${name} (by name)`, strength: 'unknown' };
}

function withoutKeys(value: Value, keys: readonly string[]): Value {
  markImprecise(value);
  const removed = new Set(keys);
  const props = value.props ? new Map([...value.props].filter(([key]) => !removed.has(key))) : undefined;
  const opaque = value.opaque?.map((item) => ({ ...item, without: new Set([...(item.without ?? []), ...removed]) }));
  return compact({ ...value, ...(props ? { props } : {}), ...(opaque ? { opaque } : {}), taints: [] });
}

function setPath(value: Value, path: readonly string[], assigned: Value, node: TS.Node): Value {
  const [key, ...rest] = path;
  if (key === undefined) return join([value, assigned]);
  const props = new Map(value.props ?? []);
  const existing = props.get(key);
  const next = rest.length === 0 ? (existing ? join([existing.value, assigned]) : assigned) : setPath(existing?.value ?? NOTHING, rest, assigned, node);
  props.set(key, { value: next, node });
  return compact({ ...value, props, constant: false });
}

function assignmentTarget(node: TS.Expression): { root: TS.Identifier; path: string[] } | undefined {
  const chain = memberChain(node);
  return chain && ts.isIdentifier(chain.root) ? { root: chain.root, path: chain.steps.map((step) => step.name) } : undefined;
}

function isAssignment(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.EqualsToken || kind === ts.SyntaxKind.BarBarEqualsToken || kind === ts.SyntaxKind.QuestionQuestionEqualsToken;
}

function isObjectAssign(node: TS.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'assign' && ts.isIdentifier(node.expression) && node.expression.text === 'Object';
}

/**
 * `a.b['c'].d` as its root (an identifier or `this`) and the property names read from it, each
 * marked when it was an element access; undefined when a step is not known without running code.
 */
function memberChain(node: TS.Expression): { root: TS.Expression; steps: { name: string; element: boolean }[] } | undefined {
  const steps: { name: string; element: boolean }[] = [];
  let current: TS.Expression = node;
  for (;;) {
    if (ts.isIdentifier(current) || current.kind === ts.SyntaxKind.ThisKeyword) return { root: current, steps: steps.reverse() };
    if (ts.isPropertyAccessExpression(current)) {
      steps.push({ name: current.name.text, element: false });
      current = current.expression;
    } else if (ts.isElementAccessExpression(current)) {
      const key = literalText(current.argumentExpression);
      if (key === undefined) return undefined;
      steps.push({ name: key, element: true });
      current = current.expression;
    } else if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current)) {
      current = current.expression;
    } else {
      return undefined;
    }
  }
}

/** `req.headers['User-Agent']` as ['req', 'headers', 'user-agent']: element keys (header names) in lower case, as sources are written. */
export function accessChain(node: TS.Node): string[] | undefined {
  const chain = ts.isExpression(node) ? memberChain(node) : undefined;
  if (!chain) return undefined;
  const root = ts.isIdentifier(chain.root) ? chain.root.text : 'this';
  return [root, ...chain.steps.map((step) => (step.element ? step.name.toLowerCase() : step.name))];
}

/** A literal integer index, negative ones included (`at(-1)`). */
function literalIndex(node: TS.Node): number | undefined {
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return -Number(node.operand.text);
  const text = ts.isNumericLiteral(node) ? node.text : undefined;
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** The text of a string or numeric literal (or a template without substitutions). */
export function literalText(node: TS.Node): string | undefined {
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return literalText(node.expression);
  return undefined;
}

function calleeName(node: TS.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node)) return literalText(node.argumentExpression);
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) return calleeName(node.expression);
  return undefined;
}

/** `const extra: Record<string, unknown> = load()`: the parts known by name only are of unknown shape. */
function withUnknownShape(value: Value, name: string): Value {
  return { ...value, opaque: value.opaque!.map((opaque) => (opaque.param || opaque.unknownShape !== undefined ? opaque : { ...opaque, unknownShape: name })) };
}

/** A value nobody can know the fields of, first seen at `node` (a request's body, a parsed JSON text). */
function unknownShape(node: TS.Node, sourceFile: TS.SourceFile): Opaque {
  return { name: '', subject: false, trace: [node], unknownShape: excerpt(node.getText(sourceFile), 60) };
}

/** Fields of an HTTP request that hold what the client sent, in a shape the server's code does not declare. */
const REQUEST_INPUTS: ReadonlySet<string> = new Set(['body', 'query', 'params']);

/** `req`, `request`, `ctx.request`, `nextRequest`: an HTTP request, by its name. */
function isRequestName(name: string): boolean {
  return /^(req|request)$/i.test(name) || /[a-z]Request$/.test(name);
}

/**
 * A declared type that says nothing of the fields: `any`, `unknown`, `object`, `Record<string, T>`, an index
 * signature alone, a JSON value type (`JsonValue`, `Prisma.JsonObject`), or a union with one of them.
 */
function isOpenType(type: TS.TypeNode): boolean {
  switch (type.kind) {
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
    case ts.SyntaxKind.ObjectKeyword:
      return true;
  }
  if (ts.isParenthesizedTypeNode(type)) return isOpenType(type.type);
  if (ts.isUnionTypeNode(type)) return type.types.some(isOpenType);
  if (ts.isTypeLiteralNode(type)) return type.members.length > 0 && type.members.every(ts.isIndexSignatureDeclaration);
  if (ts.isTypeReferenceNode(type)) {
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    if (name === 'Record') {
      const key = type.typeArguments?.[0];
      return key !== undefined && (key.kind === ts.SyntaxKind.StringKeyword || key.kind === ts.SyntaxKind.AnyKeyword || (ts.isTypeReferenceNode(key) && ts.isIdentifier(key.typeName) && key.typeName.text === 'PropertyKey'));
    }
    return /^(Json|JSON)(Value|Object)?$/.test(name);
  }
  return false;
}

/** The element type of `T[]`, `readonly T[]`, `Array<T>` and `ReadonlyArray<T>`. */
function arrayElementType(type: TS.TypeNode): TS.TypeNode | undefined {
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return arrayElementType(type.type);
  if (ts.isArrayTypeNode(type)) return type.elementType;
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && (type.typeName.text === 'Array' || type.typeName.text === 'ReadonlyArray')) return type.typeArguments?.[0];
  return undefined;
}
