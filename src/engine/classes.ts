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
      continue;
    }
    if (ts.isMethodDeclaration(member) && member.body) values.push({ functions: [member] });
    else if (ts.isPropertyDeclaration(member) && member.initializer) values.push(evaluator.evaluate(member.initializer));
    else if (ts.isPropertyDeclaration(member) && member.type) values.push(sdkInstanceOfType(evaluator, member.type) ?? NOTHING);
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

function constructorAssignments(evaluator: FileEvaluator, constructor: TS.ConstructorDeclaration, name: string): Value[] {
  const values: Value[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) && node !== constructor && !ts.isArrowFunction(node)) return;
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
  ts.forEachChild(constructor, visit);
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
 * An instance of an SDK class, from a declared type naming a class imported from the SDK's
 * package (`client: PostHog`, `analytics: AnalyticsBrowser`): what `new` of that class gives.
 * A local class or interface of the same name resolves to itself and gives nothing.
 */
export function sdkInstanceOfType(evaluator: FileEvaluator, type: TS.TypeNode | undefined): Value | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const typeName = type.typeName;
  const root = ts.isIdentifier(typeName) ? typeName : ts.isIdentifier(typeName.left) ? typeName.left : undefined;
  if (!root) return undefined;
  // Never a global: an interface of the app named like an SDK global is not the SDK.
  const binding = evaluator.scopes.resolve(root) ?? evaluator.scopes.typeImport(evaluator.sourceFile, root.text);
  if (!binding) return undefined;
  const rootValue = evaluator.bindingValue(binding);
  return sdkInstanceOf(ts.isIdentifier(typeName) ? rootValue : evaluator.readProperty(rootValue, typeName.right.text, typeName));
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
