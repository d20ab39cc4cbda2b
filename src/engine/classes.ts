import type * as TS from 'typescript';
import { appliesToEntry } from '../catalog/catalog';
import type { FileEvaluator } from './evaluate';
import { propertyNameText } from './scope';
import { ts } from './ts';
import { NOTHING, join, type SdkRef, type Value } from './value';

// Classes: what a member of an instance of the app's class holds, through constructors, fields,
// getters and base classes, and instances of SDK classes known from a declared type.

/** How many `extends` links a member is looked up through (a cycle in broken code stops here). */
const MAX_CLASS_DEPTH = 8;

/**
 * A member of an instance of a class declared in the evaluator's file: a method, a field's
 * initializer, or what the constructor assigns to `this.name` (`this.client = new PostHog(key)`).
 */
export function classMember(evaluator: FileEvaluator, declaration: TS.ClassLikeDeclaration, name: string, depth: number): Value | undefined {
  const values: Value[] = [];
  for (const member of declaration.members) {
    if (!member.name || propertyNameText(member.name) !== name) {
      if (ts.isConstructorDeclaration(member) && member.body) values.push(...constructorAssignments(evaluator, member, name));
      // A client made in a method rather than the constructor (`initialize() { this.mixpanel = Mixpanel.init(token) }`).
      else if (assigningMembers(evaluator, declaration).get(name)?.includes(member)) values.push(...thisAssignments(evaluator, member, name));
      continue;
    }
    if (ts.isMethodDeclaration(member) && member.body) values.push({ functions: [member] });
    else if (ts.isPropertyDeclaration(member) && member.initializer) values.push(evaluator.evaluate(member.initializer));
    else if (ts.isPropertyDeclaration(member) && member.type) values.push(instanceOfType(evaluator, member.type) ?? NOTHING);
    else if (ts.isGetAccessorDeclaration(member) && member.body) values.push(evaluator.getterValue(member));
  }
  if (values.length === 0) {
    const inherited = inheritedMember(evaluator, declaration, name, depth);
    if (inherited) values.push(inherited);
  }
  return values.length ? join(values) : undefined;
}

/**
 * A member the class does not declare, from the class it extends: the app's base class
 * (`class Billing extends BaseService`, `this.analytics` set there), or an SDK class itself.
 */
function inheritedMember(evaluator: FileEvaluator, declaration: TS.ClassLikeDeclaration, name: string, depth: number): Value | undefined {
  if (depth >= MAX_CLASS_DEPTH) return undefined;
  const base = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!base) return undefined;
  const value = evaluator.evaluate(base);
  const values: Value[] = [];
  for (const builtin of value.builtins ?? []) {
    if (builtin.kind !== 'class-instance') continue;
    const member = evaluator.classMember(builtin.declaration, name, depth + 1);
    if (member) values.push(member);
  }
  const instance = sdkInstanceOf(value);
  if (instance) values.push(evaluator.readProperty(instance, name, base));
  return values.length ? join(values) : undefined;
}

/**
 * For each `this.name = ...` in a class's methods and property initializers, the members that write it (from their
 * text, once per class, kept by the evaluator of the class's file).
 */
function assigningMembers(evaluator: FileEvaluator, declaration: TS.ClassLikeDeclaration): ReadonlyMap<string, readonly TS.ClassElement[]> {
  let found = evaluator.classAssignments.get(declaration);
  if (!found) {
    const map = new Map<string, TS.ClassElement[]>();
    for (const member of declaration.members) {
      if (!ts.isMethodDeclaration(member) && !ts.isPropertyDeclaration(member)) continue;
      for (const match of member.getText().matchAll(/\bthis\.([A-Za-z_$][\w$]*)\s*=(?!=)/g)) {
        const list = map.get(match[1]!) ?? [];
        if (!list.includes(member)) list.push(member);
        map.set(match[1]!, list);
      }
    }
    found = map;
    evaluator.classAssignments.set(declaration, found);
  }
  return found;
}

/** What a constructor or method assigns to `this.name` (in its body and its arrow functions, which share `this`). */
function thisAssignments(evaluator: FileEvaluator, member: TS.ClassElement, name: string): Value[] {
  const values: Value[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) && node !== member && !ts.isArrowFunction(node)) return;
    if (ts.isClassLike(node)) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      node.left.name.text === name
    ) {
      values.push(evaluator.evaluate(node.right));
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(member, visit);
  return values;
}

function constructorAssignments(evaluator: FileEvaluator, constructor: TS.ConstructorDeclaration, name: string): Value[] {
  const values = thisAssignments(evaluator, constructor, name);
  // Constructor parameter properties, constructor(private client: PostHog): what callers pass is
  // not followed, but the name and declared type say what the property holds (an SDK class, a Member).
  for (const parameter of constructor.parameters) {
    if (ts.isIdentifier(parameter.name) && parameter.name.text === name && ts.isParameterPropertyDeclaration(parameter, constructor)) {
      values.push(evaluator.parameterValueOf(parameter));
    }
  }
  return values;
}

/**
 * What a value of a declared type is, when the type names a class: an instance of an SDK class imported from the
 * SDK's package (`client: PostHog`, `analytics: AnalyticsBrowser`), what `new` of that class gives; or an instance of
 * the app's own class (`constructor(private analytics: AnalyticsService)`, injected by a framework): its members.
 * A local class or interface named like an SDK class resolves to itself and is no SDK.
 */
export function instanceOfType(evaluator: FileEvaluator, type: TS.TypeNode | undefined): Value | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const typeName = type.typeName;
  const root = ts.isIdentifier(typeName) ? typeName : ts.isIdentifier(typeName.left) ? typeName.left : undefined;
  if (!root) return undefined;
  // Never a global: an interface of the app named like an SDK global is not the SDK.
  const binding = evaluator.scopes.resolve(root) ?? evaluator.scopes.typeImport(evaluator.sourceFile, root.text);
  const rootValue = binding ? evaluator.bindingValue(binding) : NOTHING;
  const named = ts.isIdentifier(typeName) ? rootValue : evaluator.readProperty(rootValue, typeName.right.text, typeName);
  const sdk = sdkInstanceOf(named);
  if (sdk) return sdk;
  const classes = (named.builtins ?? []).filter((builtin) => builtin.kind === 'class-instance');
  if (classes.some((builtin) => !isAbstract(builtin.declaration))) return { builtins: classes };
  // An interface or an abstract class (`writer: AnalyticsWriter`): every class of the repository that implements or
  // extends it, as a framework may inject any of them (class hierarchy analysis).
  const name = ts.isIdentifier(typeName) ? typeName.text : typeName.right.text;
  const implementers = evaluator.project?.implementersOf(name) ?? [];
  const all = [...classes, ...implementers.map((declaration) => ({ kind: 'class-instance' as const, declaration }))];
  return all.length ? { builtins: all } : undefined;
}

function isAbstract(declaration: TS.ClassLikeDeclaration): boolean {
  return (ts.getCombinedModifierFlags(declaration as TS.Declaration) & ts.ModifierFlags.Abstract) !== 0;
}

/** What `new` of an SDK class gives (its `new: true` factories), or undefined when the value is no SDK class. */
export function sdkInstanceOf(sdkClass: Value): Value | undefined {
  const sdks: SdkRef[] = [];
  for (const sdk of sdkClass.sdks ?? []) {
    for (const factory of sdk.vendor.factoriesByPath.get(sdk.path) ?? []) {
      if (factory.new && appliesToEntry(factory, sdk.entry)) sdks.push({ ...sdk, path: factory.returns });
    }
  }
  return sdks.length ? { sdks } : undefined;
}
