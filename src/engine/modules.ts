import type * as TS from 'typescript';
import type { Catalog } from '../catalog/catalog';
import type { FileEvaluator } from './evaluate';
import { HASH_MODULES } from './library-models';
import { ts } from './ts';
import { NOTHING, type Value } from './value';

// Modules: what a file exports (following re-exports of every kind) and what an import specifier gives.

/** What a file exports, name by name, each computed once. */
export class ModuleExports {
  private readonly known = new Map<string, Value>();

  constructor(private readonly evaluator: FileEvaluator) {}

  /** What the file exports as `name` (`default` for the default export), following re-exports. */
  exportedValue(name: string): Value {
    const known = this.known.get(name);
    if (known) return known;
    const value = this.findExport(name);
    this.known.set(name, value);
    return value;
  }

  private findExport(name: string): Value {
    const evaluator = this.evaluator;
    const starSources: string[] = [];
    for (const statement of evaluator.sourceFile.statements) {
      if (ts.isVariableStatement(statement) && isExported(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (bindsName(declaration.name, name)) return this.localValue(name);
        }
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && isExported(statement)) {
        const isDefault = (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
        if ((isDefault && name === 'default') || (!isDefault && statement.name?.text === name)) {
          return ts.isFunctionDeclaration(statement) ? { functions: [statement] } : { builtins: [{ kind: 'class-instance', declaration: statement }] };
        }
      } else if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === 'default') {
        return evaluator.evaluate(statement.expression);
      } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
        const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
        const clause = statement.exportClause;
        if (!clause) {
          if (from !== undefined && name !== 'default') starSources.push(from);
        } else if (ts.isNamespaceExport(clause)) {
          if (clause.name.text === name && from !== undefined) return evaluator.moduleValue(from);
        } else {
          for (const element of clause.elements) {
            if (element.isTypeOnly || element.name.text !== name) continue;
            const local = (element.propertyName ?? element.name).text;
            return from === undefined ? this.localValue(local) : evaluator.readProperty(evaluator.moduleValue(from), local, element);
          }
        }
      }
    }
    for (const from of starSources) {
      const value = evaluator.readProperty(evaluator.moduleValue(from), name, evaluator.sourceFile);
      if (value !== NOTHING) return value;
    }
    return NOTHING;
  }

  /** The value of a name declared at the top of the file. */
  private localValue(name: string): Value {
    const binding = this.evaluator.scopes.declarationsOf(this.evaluator.sourceFile).get(name);
    return binding ? this.evaluator.bindingValue(binding) : NOTHING;
  }
}

/**
 * What importing or requiring a module specifier gives: an SDK (by the catalog), a known hash
 * library, one of the app's modules (`resolve` finds it), or nothing known.
 */
export function moduleValue(specifier: string, catalog: Catalog, resolve: (specifier: string) => string | undefined): Value {
  const entries = catalog.packages.get(specifier);
  if (entries) return { sdks: entries.map((entry) => ({ vendor: entry.vendor, entry: entry.entry, path: '' })) };
  if (specifier === 'crypto' || specifier === 'node:crypto') return { builtins: [{ kind: 'node-crypto' }] };
  const hashes = HASH_MODULES[specifier];
  if (hashes) return { builtins: [{ kind: 'hash-module', functions: hashes }] };
  const path = resolve(specifier);
  if (path) return { builtins: [{ kind: 'app-module', path }] };
  return NOTHING;
}

export function isExported(statement: TS.Statement): boolean {
  return (ts.getModifiers(statement as TS.HasModifiers) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

function bindsName(name: TS.BindingName, wanted: string): boolean {
  if (ts.isIdentifier(name)) return name.text === wanted;
  return name.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, wanted));
}
