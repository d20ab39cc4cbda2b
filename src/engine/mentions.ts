import type * as TS from 'typescript';
import type { Catalog } from '../catalog/catalog';
import { GLOBAL_OBJECTS } from './library-models';
import { parseSource } from './parse';
import { ScopeResolver } from './scope';
import { ts } from './ts';

/**
 * Whether a module's text can reach an SDK by itself: it imports (or requires) a catalog package,
 * or refers to a catalog global (`analytics`, `window.analytics`). Decided from the text alone,
 * without a parse, so that the reach search can rule out most of a repository at the cost of a
 * regular expression per file.
 *
 * The catalog's prefilter (a package name in quotes, a global name as a word) says "maybe": in a
 * real app it also matches a route named "ai", a `// no-op` comment, an `analytics: {` key or an
 * `import ... from './analytics'` path, and each such file made everything importing it "reach an
 * SDK". This test looks closer, and only where the prefilter said maybe. It must never say "no"
 * where the engine would find the SDK: it errs towards "yes" (JSX text counts as code). A bare
 * name that looks like a reference is confirmed the engine's way, on a parse of that one file:
 * `(limits, { op }) => op === 'move'` binds `op` locally, and is no call of OpenPanel's `op`.
 */
export class SdkMentions {
  private readonly globalName: RegExp | undefined;
  private readonly indexedGlobal: RegExp | undefined;

  constructor(private readonly catalog: Catalog) {
    if (catalog.globals.size === 0) return;
    const names = [...catalog.globals.keys()].map(escape).join('|');
    this.globalName = new RegExp(`(?<![\\w$])(${names})(?![\\w$])`, 'g');
    this.indexedGlobal = new RegExp(`\\b(?:${[...GLOBAL_OBJECTS].join('|')})\\s*(?:\\?\\.\\s*)?\\[\\s*(['"\`])(?:${names})\\1`, 'g');
  }

  /** Whether the text (of the file at `path`, which says how to parse it) imports a catalog package or refers to a catalog global. */
  namedIn(text: string, path = 'module.tsx', onParsed?: (sourceFile: TS.SourceFile) => void): boolean {
    if (!this.catalog.prefilter.test(text)) return false;
    let code: string | undefined;
    for (const { specifier, at } of moduleSpecifiers(text)) {
      if (!this.catalog.packages.has(specifier)) continue;
      // `import ... from 'posthog-node'` written in a comment or a string is no import.
      code ??= codeOnly(text);
      if (code[at] === text[at]) return true;
    }
    return this.refersToGlobal(text, path, onParsed);
  }

  /** Whether code (comments and string contents blanked) names a catalog global where it can be the global. */
  private refersToGlobal(text: string, path: string, onParsed?: (sourceFile: TS.SourceFile) => void): boolean {
    if (!this.globalName || !this.indexedGlobal) return false;
    const code = codeOnly(text);
    const imported = new Map<string, boolean>();
    let parsed: boolean | undefined;
    for (const match of code.matchAll(this.globalName)) {
      const name = match[1]!;
      const start = match.index;
      const end = start + name.length;
      const before = previousSignificant(code, start);
      if (code[before] === '.') {
        // `window.analytics`, `globalThis?.analytics`: the global; `this.analytics`, `store.analytics`: a property.
        if (GLOBAL_OBJECTS.has(wordBefore(code, before - (code[before - 1] === '?' ? 1 : 0)))) return true;
        continue;
      }
      // A key or a declared member (`analytics: {`, `op?: string`), not a reference, unless after `?` (a conditional).
      if (/^\s*\??:(?!:)/.test(code.slice(end, end + 40)) && code[before] !== '?') continue;
      // An import binds the name in the whole module: no reference to it there is the global.
      let isImported = imported.get(name);
      if (isImported === undefined) imported.set(name, (isImported = importsName(code, name)));
      if (isImported) continue;
      parsed ??= this.unboundGlobal(text, path, onParsed);
      if (parsed) return true;
    }
    // `window['analytics']`: the name in a string (blanked in `code`) read from a global object written in code.
    for (const match of text.matchAll(this.indexedGlobal)) if (code[match.index] === text[match.index]) return true;
    return false;
  }

  /**
   * Whether a parse of the file finds a catalog global's name read as a value with no declaration
   * of it in scope (as the evaluator resolves names). A text that does not parse says yes.
   */
  private unboundGlobal(text: string, path: string, onParsed?: (sourceFile: TS.SourceFile) => void): boolean {
    let sourceFile: TS.SourceFile;
    try {
      sourceFile = parseSource(text, path);
    } catch {
      return true; // Too deeply nested to parse: the analysis will say so; the answer stays "maybe".
    }
    onParsed?.(sourceFile);
    const scopes = new ScopeResolver();
    let found = false;
    const visit = (node: TS.Node): void => {
      if (found) return;
      if (ts.isIdentifier(node) && this.catalog.globals.has(node.text) && readAsValue(node) && !scopes.resolve(node)) {
        found = true;
        return;
      }
      // `const { analytics } = window`: the global, bound to a local of its name.
      if (ts.isVariableDeclaration(node) && node.initializer && ts.isObjectBindingPattern(node.name) && this.destructuresGlobal(node.name, node.initializer, scopes)) {
        found = true;
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return found;
  }

  /** Whether a pattern takes a catalog global's name from a global object (`window`, `globalThis`). */
  private destructuresGlobal(pattern: TS.ObjectBindingPattern, initializer: TS.Expression, scopes: ScopeResolver): boolean {
    let source = initializer;
    while (ts.isParenthesizedExpression(source) || ts.isAsExpression(source) || ts.isNonNullExpression(source)) source = source.expression;
    if (!ts.isIdentifier(source) || !GLOBAL_OBJECTS.has(source.text) || scopes.resolve(source)) return false;
    return pattern.elements.some((element) => {
      const key = element.propertyName ?? element.name;
      return (ts.isIdentifier(key) || ts.isStringLiteral(key)) && this.catalog.globals.has(key.text);
    });
  }
}

/** Whether an identifier is read as a value (not a property or member name, a key, a label, or a type). */
function readAsValue(identifier: TS.Identifier): boolean {
  const parent = identifier.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) && identifier !== (ts.isPropertyAccessExpression(parent) ? parent.expression : parent.left)) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isEnumMember(parent)) && parent.name === identifier) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === identifier) return false;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isJsxAttribute(parent) || ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isTypeQueryNode(parent) || ts.isExpressionWithTypeArguments(parent)) return ts.isExpressionWithTypeArguments(parent);
  return true;
}

/** Module specifiers in import, export-from, `import()`, `require()` (backquoted ones included, as the engine reads them). */
/** Module specifiers after `from`, `import` and `require`, with where their keyword starts. */
function moduleSpecifiers(text: string): { specifier: string; at: number }[] {
  const specifiers: { specifier: string; at: number }[] = [];
  for (const match of text.matchAll(/\b(?:from|import|require)\s*\(?\s*(['"`])((?:(?!\1)[^\n])+)\1/g)) specifiers.push({ specifier: match[2]!, at: match.index });
  return specifiers;
}

/** Whether an import declaration of the module binds `name` (`import name from`, `{ x as name }`, `* as name`, `import name =`). */
function importsName(code: string, name: string): boolean {
  const word = escape(name);
  for (const match of code.matchAll(/\bimport\b(?!\s*\()([^;]*?)(?:\bfrom\b|=)/g)) {
    const clause = match[1]!;
    if (new RegExp(`\\bas\\s+${word}(?![\\w$])|(?<![\\w$])${word}(?![\\w$])(?!\\s+as\\b)`).test(clause)) return true;
  }
  return false;
}

function previousSignificant(code: string, index: number): number {
  let at = index - 1;
  while (at >= 0 && /\s/.test(code[at]!)) at--;
  return at;
}

function wordBefore(code: string, dot: number): string {
  const end = previousSignificant(code, dot) + 1;
  let start = end;
  while (start > 0 && /[\w$]/.test(code[start - 1]!)) start--;
  return code.slice(start, end);
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The text with comments, the contents of strings and template texts, and regular expression
 * bodies replaced by spaces (so that offsets stay those of the text); the quotes are kept. A
 * quote right after a word (`Don't` in JSX text) or with no closing one on its line is not taken
 * for a string: when in doubt, text is kept as code, where it can only make the answer "yes".
 */
export function codeOnly(text: string): string {
  // The ranges to blank come left to right: the result is built from slices (not an array of every character).
  const pieces: string[] = [];
  let copied = 0;
  const blank = (from: number, to: number): void => {
    const start = Math.max(from, copied);
    if (to <= start) return;
    pieces.push(text.slice(copied, start), text.slice(start, to).replace(/[^\n]/g, ' '));
    copied = to;
  };
  // For each open template literal, the depth of braces of the `${` it is inside of.
  const templates: number[] = [];
  let braces = 0;
  let at = 0;
  const length = text.length;
  /** Scans a template's text from `from` (after a backquote or a `}` closing `${`); returns where code resumes. */
  const templateText = (from: number): number => {
    let cursor = from;
    while (cursor < length) {
      const char = text[cursor]!;
      if (char === '\\') {
        cursor += 2;
        continue;
      }
      if (char === '`') {
        blank(from, cursor);
        return cursor + 1;
      }
      if (char === '$' && text[cursor + 1] === '{') {
        blank(from, cursor);
        templates.push(braces);
        braces += 1;
        return cursor + 2;
      }
      cursor++;
    }
    blank(from, length);
    return length;
  };
  while (at < length) {
    const char = text[at]!;
    if (char === '/' && text[at + 1] === '/') {
      const end = text.indexOf('\n', at);
      const stop = end === -1 ? length : end;
      blank(at, stop);
      at = stop;
    } else if (char === '/' && text[at + 1] === '*') {
      const end = text.indexOf('*/', at + 2);
      const stop = end === -1 ? length : end + 2;
      blank(at, stop);
      at = stop;
    } else if (char === '/' && regexMayStart(text, at)) {
      const stop = regexEnd(text, at);
      if (stop === -1) at++;
      else {
        blank(at + 1, stop - 1);
        at = stop;
      }
    } else if ((char === '"' || char === "'") && stringMayStart(text, at)) {
      const stop = stringEnd(text, at, char);
      if (stop === -1) at++;
      else {
        blank(at + 1, stop - 1);
        at = stop;
      }
    } else if (char === '`') {
      at = templateText(at + 1);
    } else if (char === '{') {
      braces++;
      at++;
    } else if (char === '}') {
      braces--;
      if (templates.length > 0 && templates[templates.length - 1] === braces) {
        templates.pop();
        at = templateText(at + 1);
      } else at++;
    } else at++;
  }
  pieces.push(text.slice(copied));
  return pieces.join('');
}

const KEYWORDS_BEFORE_VALUE = /(?:^|[^\w$])(?:return|case|typeof|in|of|from|import|export|void|delete|throw|yield|await|else|do|new|instanceof)$/;

/** Whether a quote at `at` can open a string: not right after a word, unless that word is a keyword (`return'x'`). */
function stringMayStart(text: string, at: number): boolean {
  if (at === 0 || !/[\w$]/.test(text[at - 1]!)) return true;
  return KEYWORDS_BEFORE_VALUE.test(text.slice(Math.max(0, at - 11), at));
}

/** The index after the closing quote of a string starting at `start`, or -1 when the line ends first. */
function stringEnd(text: string, start: number, quote: string): number {
  for (let at = start + 1; at < text.length; at++) {
    const char = text[at]!;
    if (char === '\\') {
      at++;
      continue;
    }
    if (char === quote) return at + 1;
    if (char === '\n') return -1;
  }
  return -1;
}

/** Whether a `/` at `at` starts a regular expression literal (not a division), judged by what comes before it. */
function regexMayStart(text: string, at: number): boolean {
  const before = previousSignificant(text, at);
  if (before < 0) return true;
  const char = text[before]!;
  if ('(,=:[!&|?{};+-*%<>~^'.includes(char)) return true;
  if (/[\w$]/.test(char)) return /\b(?:return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)$/.test(text.slice(Math.max(0, before - 10), before + 1));
  return false;
}

/** The index after a regular expression literal's closing `/` (and flags), or -1 when the line ends first. */
function regexEnd(text: string, start: number): number {
  let inClass = false;
  for (let at = start + 1; at < text.length; at++) {
    const char = text[at]!;
    if (char === '\\') {
      at++;
      continue;
    }
    if (char === '\n') return -1;
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) {
      let end = at + 1;
      while (end < text.length && /[a-z]/i.test(text[end]!)) end++;
      return end;
    }
  }
  return -1;
}
