import type * as TS from 'typescript';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseSource } from '../engine/parse';
import { ts } from '../engine/ts';

/**
 * The bundler and test-runner configurations whose `alias` objects piiflow reads, in the folder of
 * an app's package.json: Vite, Vitest, webpack and Next.js (its `webpack` hook).
 */
export const BUNDLER_CONFIG_FILES: readonly string[] = ['vite', 'vitest', 'webpack', 'next'].flatMap((tool) =>
  ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].map((extension) => `${tool}.config.${extension}`),
);

/** One alias: imports of `key` and `key/...` go to `target` (an absolute path) and below it. */
export interface BundlerAlias {
  key: string;
  target: string;
  /** webpack's `key$`: only the specifier `key` itself, not what lies below it. */
  exact: boolean;
}

/** How many `const` names an alias's path may go through (`const src = ...; alias: { '@': src }`). */
const MAX_NAME_HOPS = 5;

/**
 * The aliases a bundler configuration declares as plain literals, read from its syntax tree and
 * never executed: `resolve: { alias: { '@': path.resolve(__dirname, './src') } }`, `alias: [{ find:
 * '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) }]`, and in a webpack hook
 * `config.resolve.alias['@'] = path.join(__dirname, 'src')`. A path is a string, `__dirname`,
 * `import.meta.dirname`, `process.cwd()` (taken as the configuration's folder), `path.resolve` or
 * `path.join` of those, a template literal of those, `fileURLToPath(new URL(..., import.meta.url))`,
 * or a `const` holding one. Anything else (a regular expression `find`, a computed value) is skipped.
 */
export function bundlerAliases(configPath: string, text: string): BundlerAlias[] {
  let sourceFile: TS.SourceFile;
  try {
    sourceFile = parseSource(text, configPath);
  } catch {
    return []; // Too deeply nested to parse: no alias read.
  }
  const folder = dirname(configPath);
  const constants = new Map<string, TS.Expression>();
  const aliases: BundlerAlias[] = [];
  const add = (rawKey: string | undefined, value: TS.Expression): void => {
    if (rawKey === undefined || rawKey === '') return;
    const target = pathOf(value, folder, constants, 0);
    if (target === undefined) return;
    const exact = rawKey.endsWith('$');
    const key = exact ? rawKey.slice(0, -1) : rawKey.replace(/\/$/, '');
    if (key !== '') aliases.push({ key, target, exact });
  };
  const fromObject = (node: TS.Expression): void => {
    const value = skipOuter(node);
    if (ts.isObjectLiteralExpression(value)) {
      for (const property of value.properties) if (ts.isPropertyAssignment(property)) add(keyOf(property.name), property.initializer);
    } else if (ts.isArrayLiteralExpression(value)) {
      for (const element of value.elements) {
        const entry = skipOuter(element);
        if (!ts.isObjectLiteralExpression(entry)) continue;
        const find = entry.properties.find((property): property is TS.PropertyAssignment => ts.isPropertyAssignment(property) && keyOf(property.name) === 'find');
        const replacement = entry.properties.find((property): property is TS.PropertyAssignment => ts.isPropertyAssignment(property) && keyOf(property.name) === 'replacement');
        if (find && replacement) add(stringOf(find.initializer), replacement.initializer);
      }
    }
  };
  const visit = (node: TS.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isVariableDeclarationList(node.parent) && node.parent.flags & ts.NodeFlags.Const) {
      constants.set(node.name.text, node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const collect = (node: TS.Node): void => {
    // `alias: { ... }` or `alias: [{ find, replacement }]` anywhere in the configuration.
    if (ts.isPropertyAssignment(node) && keyOf(node.name) === 'alias') fromObject(node.initializer);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = node.left;
      // `config.resolve.alias = { ...config.resolve.alias, '@': ... }`
      if (ts.isPropertyAccessExpression(target) && target.name.text === 'alias') fromObject(node.right);
      // `config.resolve.alias['@'] = ...` and `config.resolve.alias.components = ...`
      if (ts.isElementAccessExpression(target) && endsInAlias(target.expression)) add(stringOf(target.argumentExpression), node.right);
      if (ts.isPropertyAccessExpression(target) && endsInAlias(target.expression)) add(target.name.text, node.right);
    }
    // `Object.assign(config.resolve.alias, { '@': ... })`
    if (ts.isCallExpression(node) && node.expression.getText(sourceFile) === 'Object.assign' && node.arguments[0] && endsInAlias(node.arguments[0])) {
      for (const argument of node.arguments.slice(1)) fromObject(argument);
    }
    ts.forEachChild(node, collect);
  };
  collect(sourceFile);
  return aliases;
}

function endsInAlias(node: TS.Expression): boolean {
  const value = skipOuter(node);
  return ts.isPropertyAccessExpression(value) && value.name.text === 'alias';
}

function skipOuter(node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return current;
}

function keyOf(name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return stringOf(name.expression);
  return undefined;
}

function stringOf(node: TS.Expression): string | undefined {
  const value = skipOuter(node);
  return ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value) ? value.text : undefined;
}

/** The folder the configuration runs in: `__dirname`, `import.meta.dirname`, `process.cwd()`. */
function isFolderOfConfig(node: TS.Expression): boolean {
  const text = skipOuter(node).getText();
  return text === '__dirname' || text === 'import.meta.dirname' || text === 'process.cwd()';
}

function pathOf(node: TS.Expression, folder: string, constants: ReadonlyMap<string, TS.Expression>, hops: number): string | undefined {
  const value = skipOuter(node);
  if (isFolderOfConfig(value)) return folder;
  const literal = stringOf(value);
  if (literal !== undefined) {
    if (literal.startsWith('.')) return resolve(folder, literal);
    // `/src` in Vite is the project's root folder, not the file system's.
    if (literal.startsWith('/')) return join(folder, literal);
    return isAbsolute(literal) ? literal : undefined;
  }
  if (ts.isIdentifier(value)) {
    const initializer = constants.get(value.text);
    return initializer && hops < MAX_NAME_HOPS ? pathOf(initializer, folder, constants, hops + 1) : undefined;
  }
  if (ts.isTemplateExpression(value)) {
    let text = value.head.text;
    for (const span of value.templateSpans) {
      const part = pathOf(span.expression, folder, constants, hops + 1);
      if (part === undefined) return undefined;
      text += part + span.literal.text;
    }
    return isAbsolute(text) ? resolve(text) : resolve(folder, text);
  }
  if (ts.isCallExpression(value)) {
    const callee = value.expression.getText().replace(/^(?:path|node:path|pathe|upath)\.(?:posix\.)?/, '');
    // `fileURLToPath(new URL('./src', import.meta.url))`, also as `url.fileURLToPath`.
    if (/^(?:url\.)?fileURLToPath$/.test(value.expression.getText()) && value.arguments.length === 1) return urlPath(value.arguments[0]!, folder);
    if (callee !== 'resolve' && callee !== 'join') return undefined;
    const parts: string[] = [];
    for (const argument of value.arguments) {
      const part = isFolderOfConfig(argument) ? folder : (stringOf(argument) ?? pathOf(argument, folder, constants, hops + 1));
      if (part === undefined) return undefined;
      parts.push(part);
    }
    return callee === 'resolve' ? resolve(folder, ...parts) : isAbsolute(parts[0] ?? '') ? join(...parts) : resolve(folder, join(...parts));
  }
  // `new URL('./src', import.meta.url).pathname`
  if (ts.isPropertyAccessExpression(value) && value.name.text === 'pathname') return urlPath(value.expression, folder);
  return undefined;
}

function urlPath(node: TS.Expression, folder: string): string | undefined {
  const value = skipOuter(node);
  if (!ts.isNewExpression(value) || value.expression.getText() !== 'URL' || value.arguments?.length !== 2) return undefined;
  const relative = stringOf(value.arguments[0]!);
  if (relative === undefined || value.arguments[1]!.getText() !== 'import.meta.url') return undefined;
  return resolve(folder, relative);
}
