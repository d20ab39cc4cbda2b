import type * as TS from 'typescript';
import type { Project } from './project';
import { propertyNameText } from './scope';
import { ts } from './ts';

/** A field of a declared type, with its own declared type when written. */
export interface TypedField {
  name: string;
  type: TS.TypeNode | undefined;
}

/** How deep declared types are followed (`User.address.geo.city` is three levels). */
const MAX_TYPE_DEPTH = 6;

const KEEPS_FIELDS = new Set(['Partial', 'Required', 'Readonly', 'NonNullable', 'DeepPartial', 'WithId']);

/**
 * The fields of a declared TypeScript type, read from the declarations themselves (no type
 * checker): type literals, interfaces with `extends`, type aliases, classes, intersections and
 * unions, Pick / Omit / Partial / Required / Readonly, across files through imports and re-exports.
 * Types it cannot see (a package's .d.ts, conditional or mapped types) give no fields.
 */
export class TypeFields {
  private readonly cache = new Map<TS.TypeNode, readonly TypedField[]>();

  constructor(private readonly project: Project | undefined) {}

  fieldsOf(type: TS.TypeNode, depth = 0): readonly TypedField[] {
    const cached = this.cache.get(type);
    if (cached) return cached;
    this.cache.set(type, []); // recursive types stop here
    const fields = depth > MAX_TYPE_DEPTH ? [] : this.compute(type, depth);
    this.cache.set(type, fields);
    return fields;
  }

  /** The declared type of one field of a type, if written. */
  fieldType(type: TS.TypeNode, name: string): TS.TypeNode | undefined {
    return this.fieldsOf(type).find((field) => field.name === name)?.type;
  }

  /** The name a type is declared under (`User` for `user: User`, `Pick<User, 'id'>`), to tell whether it describes a person. */
  typeName(type: TS.TypeNode): string | undefined {
    if (ts.isTypeReferenceNode(type)) {
      const name = entityName(type.typeName);
      const first = type.typeArguments?.[0];
      return KEEPS_FIELDS.has(name) || name === 'Pick' || name === 'Omit' ? (first ? this.typeName(first) : undefined) : name;
    }
    if (ts.isParenthesizedTypeNode(type) || ts.isTypeOperatorNode(type)) return this.typeName(type.type);
    return undefined;
  }

  private compute(type: TS.TypeNode, depth: number): TypedField[] {
    if (ts.isTypeLiteralNode(type)) return membersOf(type.members);
    if (ts.isParenthesizedTypeNode(type) || ts.isTypeOperatorNode(type)) return [...this.fieldsOf(type.type, depth + 1)];
    if (ts.isIntersectionTypeNode(type) || ts.isUnionTypeNode(type)) {
      const byName = new Map<string, TypedField>();
      for (const part of type.types) for (const field of this.fieldsOf(part, depth + 1)) if (!byName.has(field.name)) byName.set(field.name, field);
      return [...byName.values()];
    }
    if (!ts.isTypeReferenceNode(type)) return [];
    const name = entityName(type.typeName);
    const [first, second] = type.typeArguments ?? [];
    if (KEEPS_FIELDS.has(name) && first) return [...this.fieldsOf(first, depth + 1)];
    if ((name === 'Pick' || name === 'Omit') && first && second) {
      const keys = new Set(literalKeys(second));
      return this.fieldsOf(first, depth + 1).filter((field) => keys.has(field.name) === (name === 'Pick'));
    }
    const declaration = this.declarationOf(type.typeName, type);
    return declaration ? this.fieldsOfDeclaration(declaration, depth) : [];
  }

  private fieldsOfDeclaration(declaration: TS.Node, depth: number): TypedField[] {
    if (ts.isTypeAliasDeclaration(declaration)) return [...this.fieldsOf(declaration.type, depth + 1)];
    if (ts.isInterfaceDeclaration(declaration)) {
      const fields = membersOf(declaration.members);
      for (const clause of declaration.heritageClauses ?? []) {
        for (const inherited of clause.types) {
          const base = ts.isIdentifier(inherited.expression) ? this.declarationOf(inherited.expression, inherited) : undefined;
          if (base) for (const field of this.fieldsOfDeclaration(base, depth + 1)) if (!fields.some((own) => own.name === field.name)) fields.push(field);
        }
      }
      return fields;
    }
    if (ts.isClassDeclaration(declaration)) {
      const fields: TypedField[] = [];
      for (const member of declaration.members) {
        if (ts.isPropertyDeclaration(member) && member.name) {
          const name = propertyNameText(member.name);
          if (name !== undefined) fields.push({ name, type: member.type });
        } else if (ts.isConstructorDeclaration(member)) {
          for (const parameter of member.parameters) {
            if (ts.isIdentifier(parameter.name) && ts.getModifiers(parameter)?.length) fields.push({ name: parameter.name.text, type: parameter.type });
          }
        }
      }
      return fields;
    }
    return [];
  }

  /** The interface, type alias or class a type name refers to: in scope, or imported from an app module. */
  private declarationOf(name: TS.EntityName, from: TS.Node): TS.Node | undefined {
    if (!ts.isIdentifier(name)) return undefined;
    const text = name.text;
    for (let node: TS.Node | undefined = from.parent; node; node = node.parent) {
      const statements = ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) ? node.statements : undefined;
      if (!statements) continue;
      const local = statements.find((statement) => isTypeDeclaration(statement) && statement.name?.text === text);
      if (local) return local;
      if (ts.isSourceFile(node)) return this.importedDeclaration(node, text);
    }
    return undefined;
  }

  private importedDeclaration(sourceFile: TS.SourceFile, localName: string): TS.Node | undefined {
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const bindings = statement.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings)) continue;
      const element = bindings.elements.find((candidate) => candidate.name.text === localName);
      if (!element) continue;
      const target = this.project?.graph.resolve(statement.moduleSpecifier.text, sourceFile.fileName);
      return target ? this.exportedDeclaration(target, (element.propertyName ?? element.name).text, new Set()) : undefined;
    }
    return undefined;
  }

  /** An exported type declaration of a module, following `export { X } from` and `export * from`. */
  private exportedDeclaration(path: string, name: string, seen: Set<string>): TS.Node | undefined {
    if (seen.has(path)) return undefined;
    seen.add(path);
    const sourceFile = this.project?.graph.sourceFile(path);
    if (!sourceFile) return undefined;
    const stars: string[] = [];
    for (const statement of sourceFile.statements) {
      if (isTypeDeclaration(statement) && statement.name?.text === name) return statement;
      if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const from = this.project?.graph.resolve(statement.moduleSpecifier.text, path);
      if (!from) continue;
      const clause = statement.exportClause;
      if (!clause) stars.push(from);
      else if (ts.isNamedExports(clause)) {
        const element = clause.elements.find((candidate) => candidate.name.text === name);
        if (element) return this.exportedDeclaration(from, (element.propertyName ?? element.name).text, seen);
      }
    }
    for (const from of stars) {
      const found = this.exportedDeclaration(from, name, seen);
      if (found) return found;
    }
    return undefined;
  }
}

function isTypeDeclaration(statement: TS.Statement): statement is TS.InterfaceDeclaration | TS.TypeAliasDeclaration | TS.ClassDeclaration {
  return ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isClassDeclaration(statement);
}

function membersOf(members: TS.NodeArray<TS.TypeElement>): TypedField[] {
  const fields: TypedField[] = [];
  for (const member of members) {
    if (!ts.isPropertySignature(member) || !member.name) continue;
    const name = propertyNameText(member.name);
    if (name !== undefined) fields.push({ name, type: member.type });
  }
  return fields;
}

function literalKeys(type: TS.TypeNode): string[] {
  if (ts.isUnionTypeNode(type)) return type.types.flatMap(literalKeys);
  if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return [type.literal.text];
  return [];
}

function entityName(name: TS.EntityName): string {
  return ts.isIdentifier(name) ? name.text : name.right.text;
}
