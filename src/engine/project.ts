import type * as TS from 'typescript';
import { resolve } from 'node:path';
import type { Catalog } from '../catalog/catalog';
import { FileEvaluator } from './evaluate';
import { NOTHING, type Value } from './value';

/**
 * What the engine needs from the files around the analysed one: where an import leads, and the
 * text or tree of a module. The session's module graph implements it over the file system.
 */
export interface ModuleResolver {
  resolve(specifier: string, fromFile: string): string | undefined;
  sourceFile(absolutePath: string): TS.SourceFile | undefined;
  text(absolutePath: string): string | undefined;
  useProgram(program: TS.Program | undefined): void;
}

/** One of the app's functions declared an anonymizer (by a policy): its calls return anonymized values. */
export interface DeclaredAnonymizer {
  function: string;
  /** The module it is exported from: a package name, or a path relative to `base`. */
  from?: string;
  weak?: boolean;
}

/** How many imports deep the prefilter looks for a module that names an SDK. */
const MAX_REACH_DEPTH = 6;

/**
 * Every file the analysis touches, and what their exports evaluate to. One Project serves a whole
 * scan, or a whole ESLint run: a module imported by many files is parsed and evaluated once.
 */
export class Project {
  private readonly evaluators = new Map<string, FileEvaluator>();
  private readonly exporting = new Set<string>();
  private readonly reaches = new Map<string, boolean>();
  /**
   * A type checker, when a whole program is at hand (typed linting, `piiflow scan --types`): asked
   * only for values sent whole whose declared type does not list their fields.
   */
  private program: TS.Program | undefined;

  /**
   * `declared` are the app's functions a policy declares anonymizers (`declaredBase` anchors their
   * `from`): they change what values carry, so a project serves one set of them (the session keeps
   * one project per set).
   */
  constructor(
    readonly catalog: Catalog,
    readonly graph: ModuleResolver,
    private readonly declared: readonly DeclaredAnonymizer[] = [],
    private readonly declaredBase = '',
  ) {}

  /** Stops the analysis of the current file when it has run past its time budget (see AnalysisTimeout). */
  deadline = Infinity;

  /**
   * Whether the flows of a file are reported on their own (it is among the files scanned or linted).
   * When a wrapper's file is not, its callers report what it sends by itself too, so nothing is lost.
   */
  reportsOn: (absolutePath: string) => boolean = () => true;

  /** Evaluation steps since the deadline was last checked (it is read every 4096 steps). */
  ticks = 0;

  /** Function summaries (see analyze.ts), computed once per function and project, and the ones being computed. */
  readonly summaries = new WeakMap<TS.Node, readonly unknown[]>();
  readonly summarizing = new Set<TS.Node>();

  /** Whether a call of a function with this name, declared in (or imported from) `where`, is a declared anonymizer. */
  declaredAnonymizer(name: string, declaredIn: string | undefined, importedFrom: string | undefined): DeclaredAnonymizer | undefined {
    return this.declared.find((declaration) => {
      if (declaration.function !== name) return false;
      if (declaration.from === undefined) return true;
      if (importedFrom === declaration.from) return true;
      return declaredIn !== undefined && resolve(this.declaredBase, declaration.from) === declaredIn;
    });
  }

  /** Uses a program's files and type checker (or stops using one, with undefined). */
  useProgram(program: TS.Program | undefined): void {
    if (program === this.program) return;
    this.program = program;
    this.graph.useProgram(program);
  }

  /** The checker of the program in use, for types it already computed. */
  typeChecker(): TS.TypeChecker | undefined {
    return this.program?.getTypeChecker();
  }

  /** The checker, for nodes of the program's own files only (never a node of another parse). */
  checkerFor(node: TS.Node): TS.TypeChecker | undefined {
    if (!this.program) return undefined;
    const home = node.getSourceFile();
    return this.program.getSourceFile(home.fileName) === home ? this.program.getTypeChecker() : undefined;
  }

  /** The evaluator of a parsed file; a file that changed gets a fresh one. */
  evaluatorFor(sourceFile: TS.SourceFile): FileEvaluator {
    const existing = this.evaluators.get(sourceFile.fileName);
    if (existing && existing.sourceFile === sourceFile) return existing;
    const evaluator = new FileEvaluator(sourceFile, this.catalog, this);
    this.evaluators.set(sourceFile.fileName, evaluator);
    return evaluator;
  }

  /** What module `path` exports as `name` (`default` for the default export). Cycles give nothing. */
  exportValue(path: string, name: string): Value {
    const key = `${path}\u0000${name}`;
    if (this.exporting.has(key)) return NOTHING;
    const sourceFile = this.graph.sourceFile(path);
    if (!sourceFile) return NOTHING;
    this.exporting.add(key);
    try {
      return this.evaluatorFor(sourceFile).exportedValue(name);
    } finally {
      this.exporting.delete(key);
    }
  }

  /**
   * Forgets which files were found unable to reach an SDK. A long-lived process (an editor's
   * ESLint) calls it before each file: an edit here or in an imported module can change that
   * answer. A "can reach" answer may stay: at worst a file is analysed and nothing is found.
   */
  forgetUnreached(): void {
    for (const [path, reaches] of this.reaches) if (!reaches) this.reaches.delete(path);
  }

  /**
   * Whether a file can reach an SDK: it names a catalog package or global, or imports (through
   * any number of app modules) one that does. Answered from texts alone (a scan of import
   * specifiers, no parse), so a file for which it is false need not be parsed at all.
   */
  reachesSdk(path: string, text: string): boolean {
    return this.searchReach(path, text, 0, new Set()).reaches;
  }

  /**
   * The search behind reachesSdk. A "cannot reach" answer is kept only when the search below the
   * file was complete (not cut off by the depth limit or by a cycle back into the search), so that
   * it holds for whoever asks next; the answer for the file asked about is kept as before.
   */
  private searchReach(path: string, text: string, depth: number, seen: Set<string>): { reaches: boolean; complete: boolean } {
    const cached = this.reaches.get(path);
    if (cached !== undefined) return { reaches: cached, complete: true };
    if (seen.has(path)) return { reaches: false, complete: false };
    seen.add(path);
    let reaches = this.catalog.prefilter.test(text);
    let complete = true;
    if (!reaches && depth >= MAX_REACH_DEPTH) complete = false;
    if (!reaches && depth < MAX_REACH_DEPTH) {
      for (const specifier of scanImports(text)) {
        const target = this.graph.resolve(specifier, path);
        const imported = target && this.graph.text(target);
        if (imported === undefined || !target) continue;
        const below = this.searchReach(target, imported, depth + 1, seen);
        if (below.reaches) {
          reaches = true;
          break;
        }
        complete &&= below.complete;
      }
    }
    if (depth === 0 || reaches || complete) this.reaches.set(path, reaches);
    return { reaches, complete: reaches || complete };
  }
}

/**
 * Import and re-export specifiers found in a text without parsing it (static imports, `export
 * ... from`, `import()`, `require()`). It may find too many (a specifier in a string or comment),
 * never too few for well-formed code: enough to decide what must be parsed.
 */
export function scanImports(text: string): string[] {
  const specifiers: string[] = [];
  const pattern = /\b(?:from|import|require)\s*\(?\s*(['"])((?:(?!\1)[^\n])+)\1/g;
  for (const match of text.matchAll(pattern)) specifiers.push(match[2]!);
  return specifiers;
}
