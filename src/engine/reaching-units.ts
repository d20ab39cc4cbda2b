import type * as TS from 'typescript';
import { ELEMENT_ADDING } from './library-models';
import { ts } from './ts';

// Per-declaration reachability: which parts of a file that reaches an SDK only through the app's
// own modules can reach one. A file of a large app often imports a wrapper (`trackEvent`) and calls
// it in two of its forty functions; only those two (and what leads to them) are worth evaluating.
//
// A file is cut into units: each top-level statement, and each member of a top-level class. A
// unit can reach an SDK when it mentions a "hot" name (as an identifier or a property name, by its
// text alone, so a name is never missed for want of scope analysis). Hot names start as the names
// imported from modules whose export can reach an SDK (asked of that module in turn, cycle-safe),
// and the type names some class of the repository that reaches an SDK implements (class hierarchy
// analysis); each hot unit makes hot the names it declares, the names it writes to (`x = `,
// `x.p = `, `x.push(`, `Object.assign(x, `, `this.x = `) and the functions it hands a hot name to
// (`run(trackEvent)`: their parameters may be called), until nothing changes. A class with a hot
// base (`extends` a hot name) is hot whole, as is a unit that requires or imports a hot module
// dynamically. It errs towards "hot": a cold unit is one the engine could find nothing in.

/** What the reach test of a file found: its cold units (no call in them can reach an SDK). */
export interface ReachingUnits {
  /** Top-level statements and class members no call of which can reach an SDK. */
  readonly cold: ReadonlySet<TS.Node>;
  /** The names found hot (with the module's shape, whether an export can reach an SDK: see exportHot). */
  readonly hot: ReadonlySet<string>;
  /** The module's classes with a hot member: the names of their hot members (`true`: any member, its base is hot). */
  readonly classes: ReadonlyMap<string, ReadonlySet<string> | true>;
}

/**
 * How hot an export or a name is: not at all, wholly, or (a class) through the named members only: a mention of
 * the class as a type (`app: App`) heats a unit only together with one of those members (`app.track`).
 */
export type Heat = false | true | ReadonlySet<string>;

interface Unit {
  node: TS.Node;
  /** Names (identifiers, property names, short strings) written anywhere in the unit outside types. */
  mentions: Set<string>;
  /** Identifiers written in the unit's types (`app: App`), or only as the object of a property (`App.create`). */
  typeMentions: Set<string>;
  /** Names the unit binds: declarations (a class member: its name; a constructor: its parameters). */
  declares: string[];
  /** Names written to (`x = `, `x.p = `, `x.push(`, `Object.assign(x, `, `this.x = `). */
  writes: Set<string>;
  /** A dynamic import or require of a module that can reach an SDK. */
  dynamicHot: boolean;
  /** The type names parameters and properties are declared with (`writer: Writer`), for the class hierarchy. */
  declaredTypes?: Set<string>;
  /** The class a member belongs to (its first unit is the class's head: decorators and heritage). */
  owner?: { name: string; units: Unit[] };
}

/**
 * What reachability needs of a module, read once from its tree: its units, what it imports from
 * modules that can reach an SDK, what it exports and re-exports, and the type names a reaching class
 * implements. Whether an import is hot is asked later, as the answer depends on other modules.
 */
export interface ModuleShape {
  /** The module names an SDK itself: every unit is hot. */
  namesSdk: boolean;
  units: Unit[];
  /** Bindings imported from modules that can reach an SDK (`imported`: `default`, `*` or a name). */
  imports: { local: string; target: string; imported: string }[];
  localExports: { local: string; exported: string }[];
  /** `export ... from` of a module that can reach an SDK (`exported` undefined: `export *`). */
  reExports: { target: string; imported: string; exported: string | undefined }[];
  /** `module.exports`, `exports.x =`, `export =`: every export is the module's value. */
  commonJs: boolean;
  /** Type names that a class of a reaching file implements or extends (class hierarchy analysis): hot when such a class is. */
  typeRoots: string[];
}

/** What the shape of a module needs to know of the others (the project answers). */
export interface ShapeContext {
  /** The module a specifier leads to, when that module can reach an SDK. */
  reachingModule(specifier: string, fromFile: string): string | undefined;
  hasReachingImplementer(name: string): boolean;
}

/** Reads a module's shape (see ModuleShape). */
export function moduleShape(sourceFile: TS.SourceFile, context: ShapeContext, namesSdk: boolean): ModuleShape {
  const shape: ModuleShape = { namesSdk, units: [], imports: [], localExports: [], reExports: [], commonJs: false, typeRoots: [] };
  if (namesSdk) return shape;
  const path = sourceFile.fileName;
  const moduleReaches = (specifier: string): string | undefined => context.reachingModule(specifier, path);
  const { units, localExports } = shape;
  const moduleNames = new Set<string>();
  for (const statement of sourceFile.statements) {
    for (const name of declaredNames(statement)) moduleNames.add(name);
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) moduleNames.add(clause.name.text);
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) moduleNames.add(clause.namedBindings.name.text);
      else if (clause.namedBindings) for (const element of clause.namedBindings.elements) moduleNames.add(element.name.text);
    } else if (ts.isImportEqualsDeclaration(statement)) moduleNames.add(statement.name.text);
  }
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (!ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const clause = statement.importClause;
      const target = clause ? moduleReaches(statement.moduleSpecifier.text) : undefined;
      if (!target || !clause) continue;
      if (clause.name) shape.imports.push({ local: clause.name.text, target, imported: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) shape.imports.push({ local: bindings.name.text, target, imported: '*' });
      else if (bindings) for (const element of bindings.elements) shape.imports.push({ local: element.name.text, target, imported: (element.propertyName ?? element.name).text });
      continue;
    }
    if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (specifier !== undefined) {
        const target = moduleReaches(specifier);
        if (!target) continue;
        if (!clause) shape.reExports.push({ target, imported: '*', exported: undefined });
        else if (ts.isNamespaceExport(clause)) shape.reExports.push({ target, imported: '*', exported: clause.name.text });
        else for (const element of clause.elements) shape.reExports.push({ target, imported: (element.propertyName ?? element.name).text, exported: element.name.text });
      } else if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) localExports.push({ local: (element.propertyName ?? element.name).text, exported: element.name.text });
      }
      continue;
    }
    if (ts.isImportEqualsDeclaration(statement)) {
      const reference = statement.moduleReference;
      if (!ts.isExternalModuleReference(reference)) units.push(unitOf(statement, [statement.name.text], moduleReaches));
      else if (ts.isStringLiteral(reference.expression)) {
        const target = moduleReaches(reference.expression.text);
        if (target) shape.imports.push({ local: statement.name.text, target, imported: '*' });
      }
      continue;
    }
    if (ts.isClassDeclaration(statement) && statement.members.length > 0) {
      const owner = { name: statement.name?.text ?? 'default', units: [] as Unit[] };
      // The head is the class without its members and its own name (which a hot member makes hot).
      const head = unitOf(statement, [owner.name], moduleReaches, (node) => node === statement || (node !== statement.name && !statement.members.includes(node as TS.ClassElement)));
      head.owner = owner;
      units.push(head);
      owner.units.push(head);
      for (const member of statement.members) {
        const declared = member.name && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name) || ts.isStringLiteral(member.name)) ? [member.name.text] : [];
        if (ts.isConstructorDeclaration(member)) for (const parameter of member.parameters) if (ts.isIdentifier(parameter.name)) declared.push(parameter.name.text);
        const unit = unitOf(member, declared, moduleReaches);
        unit.owner = owner;
        units.push(unit);
        owner.units.push(unit);
      }
      if (isExported(statement)) localExports.push({ local: owner.name, exported: isDefault(statement) ? 'default' : owner.name });
      continue;
    }
    // A type holds no value: what a receiver typed with it is comes from its import, or the class hierarchy (typeRoots).
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) continue;
    const declared = declaredNames(statement);
    const unit = unitOf(statement, declared, moduleReaches);
    units.push(unit);
    if (isExported(statement)) {
      if (isDefault(statement)) {
        unit.declares.push('default');
        localExports.push({ local: 'default', exported: 'default' });
      } else for (const name of declared) localExports.push({ local: name, exported: name });
    }
    if (ts.isExportAssignment(statement)) {
      // `export = value` is CommonJS's module.exports: every import of the module is that value.
      if (statement.isExportEquals) shape.commonJs = true;
      unit.declares.push('default');
      localExports.push({ local: 'default', exported: 'default' });
    }
    if ((unit.mentions.has('exports') && unit.mentions.has('module')) || unit.writes.has('exports')) shape.commonJs = true;
  }
  // What a unit writes matters to the others only when it lives on: a name of the module's scope, or a member of `this`.
  for (const unit of units) {
    const writes = new Set<string>();
    for (const name of unit.writes) {
      if (name.startsWith(THIS_MEMBER)) writes.add(name.slice(THIS_MEMBER.length));
      else if (moduleNames.has(name)) writes.add(name);
    }
    unit.writes = writes;
  }
  const typeNames = new Set<string>();
  for (const unit of units) for (const name of unit.declaredTypes ?? []) typeNames.add(name);
  shape.typeRoots = [...typeNames].filter((name) => context.hasReachingImplementer(name));
  return shape;
}

/**
 * The hot names and cold units of a module, given whether each of its imports is hot (`imported`
 * asks another module; during a cycle it answers what is known so far, and the project solves again).
 */
export function solveUnits(shape: ModuleShape, imported: (target: string, name: string) => Heat, hotImplementerMembers: (name: string) => Heat): ReachingUnits {
  if (shape.namesSdk) return { cold: new Set(), hot: new Set(), classes: new Map() };
  const hot = new Set<string>();
  // Classes hot through some members only (imported, declared here, or standing for an interface's implementers).
  const partly = new Map<string, Set<string>>();
  const heat = (name: string, how: Heat): void => {
    if (how === false || hot.has(name)) return;
    if (how === true) {
      hot.add(name);
      partly.delete(name);
      return;
    }
    const members = partly.get(name) ?? new Set<string>();
    for (const member of how) members.add(member);
    if (members.size > 0) partly.set(name, members);
  };
  // A receiver typed `writer: Writer` stands for the classes implementing Writer (class hierarchy analysis).
  for (const name of shape.typeRoots) heat(name, hotImplementerMembers(name));
  for (const entry of shape.imports) heat(entry.local, entry.imported === '*' || imported(entry.target, entry.imported));
  const isHot = (unit: Unit): boolean => {
    if (mentionsAny(unit.mentions, hot) || mentionsAny(unit.typeMentions, hot)) return true;
    for (const [name, members] of partly) {
      // The class as a value (`new App()`, `register(App)`) whole; as a type or a member's object, with one of its hot members.
      if (unit.mentions.has(name) || (unit.typeMentions.has(name) && mentionsAny(unit.mentions, members))) return true;
    }
    return false;
  };
  // Until nothing changes: a unit is hot when it mentions a hot name; a hot unit heats what it declares and writes.
  const hotUnits = new Set<Unit>();
  const hotHeads = new Set<Unit['owner']>();
  const classes = new Map<string, Set<string> | true>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const unit of shape.units) {
      if (hotUnits.has(unit)) continue;
      if (!unit.dynamicHot && !hotHeads.has(unit.owner) && !isHot(unit)) continue;
      hotUnits.add(unit);
      changed = true;
      const owner = unit.owner;
      for (const name of unit.declares) if (!owner || name !== owner.name) heat(name, true);
      for (const name of unit.writes) heat(name, true);
      if (!owner) continue;
      if (unit === owner.units[0]) {
        // The head is hot: the class extends (or is decorated with) something hot, whose members it inherits.
        hotHeads.add(owner);
        classes.set(owner.name, true);
        heat(owner.name, true);
      } else if (classes.get(owner.name) !== true) {
        const members = (classes.get(owner.name) as Set<string> | undefined) ?? new Set<string>();
        for (const name of unit.declares) members.add(name);
        // A member without a name (a static block) runs when the class is declared: the class is hot whole.
        if (unit.declares.length === 0 && !ts.isConstructorDeclaration(unit.node)) {
          classes.set(owner.name, true);
          heat(owner.name, true);
        } else {
          classes.set(owner.name, members);
          heat(owner.name, members);
        }
      }
    }
  }
  const cold = new Set<TS.Node>();
  for (const unit of shape.units) if (!hotUnits.has(unit) && !(unit.owner && unit === unit.owner.units[0])) cold.add(unit.node);
  return { cold, hot, classes };
}

/** How hot the export `name` of a solved module is (`reExported` asks the module it comes from). */
export function exportHot(shape: ModuleShape, units: ReachingUnits, name: string, reExported: (target: string, name: string) => Heat): Heat {
  if (shape.namesSdk || shape.commonJs) return true;
  for (const entry of shape.localExports) {
    if (entry.exported !== name) continue;
    if (units.hot.has(entry.local)) return true;
    const members = units.classes.get(entry.local);
    if (members) return members;
  }
  for (const entry of shape.reExports) {
    let found: Heat = false;
    if (entry.exported === undefined) {
      if (name !== 'default') found = reExported(entry.target, name);
    } else if (entry.exported === name) found = entry.imported === '*' || reExported(entry.target, entry.imported);
    if (found !== false) return found;
  }
  return false;
}

function mentionsAny(mentions: ReadonlySet<string>, hot: ReadonlySet<string>): boolean {
  if (mentions.size < hot.size) {
    for (const name of mentions) if (hot.has(name)) return true;
  } else {
    for (const name of hot) if (mentions.has(name)) return true;
  }
  return false;
}

/** Reads a unit's names: what it mentions, writes, hands hot candidates to, and whether it imports a hot module dynamically. */
function unitOf(node: TS.Node, declares: string[], moduleReaches: (specifier: string) => string | undefined, include: (node: TS.Node) => boolean = () => true): Unit {
  const unit: Unit = { node, mentions: new Set(), typeMentions: new Set(), declares, writes: new Set(), dynamicHot: false };
  const typeVisit = (child: TS.Node): void => {
    if (ts.isIdentifier(child)) unit.typeMentions.add(child.text);
    // The engine stands a receiver for the implementers of its type when a parameter or a property is declared with it.
    else if (ts.isTypeReferenceNode(child) && (ts.isParameter(child.parent) || ts.isPropertyDeclaration(child.parent)) && child.parent.type === child) {
      (unit.declaredTypes ??= new Set()).add(ts.isIdentifier(child.typeName) ? child.typeName.text : child.typeName.right.text);
    }
    // `typeof value` reads a value's type, and a literal type names a key: both count as mentions.
    else if (ts.isTypeQueryNode(child) || ts.isLiteralTypeNode(child)) return ts.forEachChild(child, visit);
    ts.forEachChild(child, typeVisit);
  };
  const visit = (child: TS.Node): void => {
    if (!include(child)) return;
    if (ts.isTypeNode(child) && !ts.isExpressionWithTypeArguments(child)) return typeVisit(child);
    if (ts.isIdentifier(child) && ts.isPropertyAccessExpression(child.parent) && child.parent.expression === child) unit.typeMentions.add(child.text);
    else if (ts.isIdentifier(child) || ts.isPrivateIdentifier(child)) unit.mentions.add(child.text);
    // `this['track'](...)`, `{ 'send': send }`: a name in a short string may be a member's.
    else if (ts.isStringLiteralLike(child) && child.text.length <= 64) unit.mentions.add(child.text);
    else if (ts.isBinaryExpression(child) && child.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && child.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      for (const name of writtenNames(child.left)) unit.writes.add(name);
    } else if (ts.isCallExpression(child)) {
      const callee = child.expression;
      if (ts.isPropertyAccessExpression(callee) && ELEMENT_ADDING.has(callee.name.text)) for (const name of writtenNames(callee.expression)) unit.writes.add(name);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'assign' && child.arguments[0]) for (const name of writtenNames(child.arguments[0])) unit.writes.add(name);
      const specifier = child.arguments[0];
      const dynamic = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
      if (dynamic && specifier && ts.isStringLiteralLike(specifier) && moduleReaches(specifier.text)) unit.dynamicHot = true;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return unit;
}

/** Marks a written name as a member of `this` (any unit mentioning the member's name may read it). */
const THIS_MEMBER = 'this.';

/** The names an assignment target writes: its root (`x` of `x.a.b`) and, for `this.x`, the member (as `this.x`). */
function writtenNames(target: TS.Node): string[] {
  const names: string[] = [];
  let node = target;
  for (;;) {
    if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node)) node = node.expression;
    else if (ts.isPropertyAccessExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) names.push(`${THIS_MEMBER}${node.name.text}`);
      node = node.expression;
    } else if (ts.isElementAccessExpression(node)) node = node.expression;
    else break;
  }
  if (ts.isIdentifier(node)) names.push(node.text);
  // A destructuring assignment (`[a, b] = ...`, `({ a } = ...)`): every name in it.
  if (ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node)) {
    const collect = (inner: TS.Node): void => {
      if (ts.isIdentifier(inner)) names.push(inner.text);
      ts.forEachChild(inner, collect);
    };
    collect(node);
  }
  return names;
}

/** The names a top-level statement declares (variables with their patterns, functions, classes, enums, namespaces). */
function declaredNames(statement: TS.Statement): string[] {
  const names: string[] = [];
  const bindingNames = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name);
  };
  if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) bindingNames(declaration.name);
  else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name) {
    names.push(statement.name.text);
  } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) names.push(statement.name.text);
  return names;
}

function isExported(statement: TS.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefault(statement: TS.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
}
