import type * as TS from 'typescript';
import { ts } from './ts';

/** One step from a destructured value to the bound name. */
export type BindingStep =
  | { kind: 'property'; name: string }
  | { kind: 'index'; index: number }
  /** `...rest` in an object pattern: everything but the keys named beside it. */
  | { kind: 'rest'; without: readonly string[] }
  /** `...rest` in an array pattern, from this index on. */
  | { kind: 'rest-elements'; from: number };

export type BindingKind = 'import' | 'const' | 'let' | 'var' | 'param' | 'function' | 'class' | 'catch' | 'enum' | 'namespace';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The declaring node: VariableDeclaration, ParameterDeclaration, ImportClause/Specifier, FunctionDeclaration, ... */
  declaration: TS.Node;
  /** The identifier that introduces the name. */
  identifier: TS.Identifier;
  /** Steps from the declared value (initializer, argument, module) to this name. */
  path: readonly BindingStep[];
}

/**
 * Resolves identifiers to their declarations in one file, lazily: a scope's names are collected
 * the first time something inside it is resolved. `declare`d names (ambient) are not bindings:
 * `declare const gtag: Gtag` still means the global.
 */
export class ScopeResolver {
  private readonly scopes = new Map<TS.Node, Map<string, Binding>>();
  private readonly resolved = new Map<TS.Identifier, Binding | null>();

  resolve(identifier: TS.Identifier): Binding | undefined {
    const cached = this.resolved.get(identifier);
    if (cached !== undefined) return cached ?? undefined;
    const name = identifier.text;
    let found: Binding | undefined;
    for (let node: TS.Node | undefined = identifier.parent; node; node = node.parent) {
      if (!createsScope(node)) continue;
      const binding = this.declarationsOf(node).get(name);
      if (binding) {
        found = binding;
        break;
      }
    }
    this.resolved.set(identifier, found ?? null);
    return found;
  }

  private typeImports: Map<string, Binding> | undefined;

  /**
   * A name `import type` brings into the file (`import type { PostHog } from 'posthog-node'`):
   * not a value, so never what `resolve` finds, but what a declared type may name.
   */
  typeImport(sourceFile: TS.SourceFile, name: string): Binding | undefined {
    if (!this.typeImports) {
      this.typeImports = new Map();
      for (const statement of sourceFile.statements) if (ts.isImportDeclaration(statement)) collectImport(statement, this.typeImports, true);
    }
    return this.typeImports.get(name);
  }

  /** The names a scope-creating node declares (its own, not its children's). */
  declarationsOf(scope: TS.Node): ReadonlyMap<string, Binding> {
    let names = this.scopes.get(scope);
    if (!names) {
      names = new Map();
      collectScope(scope, names);
      this.scopes.set(scope, names);
    }
    return names;
  }
}

export function createsScope(node: TS.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.SourceFile:
    case ts.SyntaxKind.Block:
    case ts.SyntaxKind.ModuleBlock:
    case ts.SyntaxKind.CaseBlock:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.CatchClause:
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
      return true;
    default:
      return ts.isFunctionLike(node);
  }
}

function collectScope(scope: TS.Node, into: Map<string, Binding>): void {
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    collectStatements(scope.statements, into);
  } else if (ts.isCaseBlock(scope)) {
    for (const clause of scope.clauses) collectStatements(clause.statements, into);
  } else if (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) {
    const initializer = scope.initializer;
    if (initializer && ts.isVariableDeclarationList(initializer) && isLexical(initializer)) {
      for (const declaration of initializer.declarations) declareVariable(declaration, kindOfList(initializer), into);
    }
  } else if (ts.isCatchClause(scope)) {
    if (scope.variableDeclaration) declarePattern(scope.variableDeclaration.name, 'catch', scope.variableDeclaration, [], into);
  } else if (ts.isClassDeclaration(scope) || ts.isClassExpression(scope)) {
    // A class expression's own name is visible only inside it.
    if (ts.isClassExpression(scope) && scope.name) declare(into, scope.name, 'class', scope, []);
  } else if (ts.isFunctionLike(scope)) {
    // A function expression's own name is visible only inside it.
    if (ts.isFunctionExpression(scope) && scope.name) declare(into, scope.name, 'function', scope, []);
    for (const parameter of scope.parameters) declarePattern(parameter.name, 'param', parameter, [], into);
    const body = (scope as TS.FunctionLikeDeclaration).body;
    if (body && ts.isBlock(body)) collectHoistedVars(body, into);
  }
  if (ts.isSourceFile(scope) || ts.isModuleBlock(scope)) collectHoistedVars(scope, into);
}

function collectStatements(statements: TS.NodeArray<TS.Statement>, into: Map<string, Binding>): void {
  for (const statement of statements) {
    if (isAmbient(statement)) continue;
    if (ts.isVariableStatement(statement)) {
      if (isLexical(statement.declarationList)) {
        for (const declaration of statement.declarationList.declarations) declareVariable(declaration, kindOfList(statement.declarationList), into);
      }
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      if (statement.body) declare(into, statement.name, 'function', statement, []);
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      declare(into, statement.name, 'class', statement, []);
    } else if (ts.isEnumDeclaration(statement)) {
      declare(into, statement.name, 'enum', statement, []);
    } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
      declare(into, statement.name, 'namespace', statement, []);
    } else if (ts.isImportDeclaration(statement)) {
      collectImport(statement, into);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      declare(into, statement.name, 'import', statement, []);
    }
  }
}

/** Value imports (what scopes hold), or with `typeOnly` the `import type` names only. */
function collectImport(statement: TS.ImportDeclaration, into: Map<string, Binding>, typeOnly = false): void {
  const clause = statement.importClause;
  if (!clause || (clause.isTypeOnly && !typeOnly)) return;
  const wanted = (elementTypeOnly: boolean): boolean => (clause.isTypeOnly || elementTypeOnly) === typeOnly;
  if (clause.name && wanted(false)) declare(into, clause.name, 'import', clause, [{ kind: 'property', name: 'default' }]);
  const bindings = clause.namedBindings;
  if (!bindings) return;
  if (ts.isNamespaceImport(bindings)) {
    if (wanted(false)) declare(into, bindings.name, 'import', bindings, []);
  } else {
    for (const element of bindings.elements) {
      if (!wanted(element.isTypeOnly)) continue;
      const imported = element.propertyName ? moduleExportNameText(element.propertyName) : element.name.text;
      declare(into, element.name, 'import', element, [{ kind: 'property', name: imported }]);
    }
  }
}

/** `var` declarations anywhere in a function body (not in nested functions) belong to the function. */
function collectHoistedVars(root: TS.Node, into: Map<string, Binding>): void {
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isVariableDeclarationList(node) && !isLexical(node) && !isAmbient(node.parent)) {
      for (const declaration of node.declarations) declareVariable(declaration, 'var', into);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(root, visit);
}

function declareVariable(declaration: TS.VariableDeclaration, kind: BindingKind, into: Map<string, Binding>): void {
  declarePattern(declaration.name, kind, declaration, [], into);
}

function declarePattern(name: TS.BindingName, kind: BindingKind, declaration: TS.Node, path: BindingStep[], into: Map<string, Binding>): void {
  if (ts.isIdentifier(name)) {
    declare(into, name, kind, declaration, path);
    return;
  }
  if (ts.isObjectBindingPattern(name)) {
    const named: string[] = [];
    for (const element of name.elements) {
      const key = element.propertyName ? propertyNameText(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
      if (element.dotDotDotToken) {
        declarePattern(element.name, kind, declaration, [...path, { kind: 'rest', without: named.slice() }], into);
      } else if (key !== undefined) {
        named.push(key);
        declarePattern(element.name, kind, declaration, [...path, { kind: 'property', name: key }], into);
      }
    }
    return;
  }
  name.elements.forEach((element, index) => {
    if (ts.isOmittedExpression(element)) return;
    const step: BindingStep = element.dotDotDotToken ? { kind: 'rest-elements', from: index } : { kind: 'index', index };
    declarePattern(element.name, kind, declaration, [...path, step], into);
  });
}

function declare(into: Map<string, Binding>, identifier: TS.Identifier, kind: BindingKind, declaration: TS.Node, path: readonly BindingStep[]): void {
  // The first declaration wins, as a later `var x` re-declares the same binding.
  if (!into.has(identifier.text)) into.set(identifier.text, { name: identifier.text, kind, declaration, identifier, path });
}

function isLexical(list: TS.VariableDeclarationList): boolean {
  return (list.flags & ts.NodeFlags.BlockScoped) !== 0;
}

function kindOfList(list: TS.VariableDeclarationList): BindingKind {
  return list.flags & ts.NodeFlags.Const ? 'const' : list.flags & ts.NodeFlags.BlockScoped ? 'let' : 'var';
}

function isAmbient(node: TS.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword);
}

/** The text of a property name that is known without running code. */
export function propertyNameText(name: TS.PropertyName | TS.ModuleExportName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const expression = name.expression;
    if (ts.isStringLiteralLike(expression) || ts.isNumericLiteral(expression)) return expression.text;
  }
  return undefined;
}

function moduleExportNameText(name: TS.ModuleExportName): string {
  return name.text;
}
