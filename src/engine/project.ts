import type * as TS from 'typescript';
import { resolve } from 'node:path';
import type { Catalog } from '../catalog/catalog';
import { FileEvaluator } from './evaluate';
import { SdkMentions } from './mentions';
import { exportHot, moduleShape, solveUnits, type Heat, type ModuleShape, type ReachingUnits } from './reaching-units';
import { ts } from './ts';
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
  /** Files that declare a class implementing or extending `name` (a text search: may list too many, never too few). */
  implementers?(name: string): readonly string[];
}

/** One of the app's functions declared an anonymizer (by a policy): its calls return anonymized values. */
export interface DeclaredAnonymizer {
  function: string;
  /** The module it is exported from: a package name, or a path relative to `base`. */
  from?: string;
  weak?: boolean;
}

/**
 * Every file the analysis touches, and what their exports evaluate to. One Project serves a whole
 * scan, or a whole ESLint run: a module imported by many files is parsed and evaluated once.
 */
export class Project {
  private readonly evaluators = new Map<string, FileEvaluator>();
  private readonly exporting = new Set<string>();
  private readonly reaches = new Map<string, boolean>();
  private readonly imports = new Map<string, { text: string; targets: readonly string[]; namesSdk: boolean }>();
  private readonly mentions: SdkMentions;
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
  ) {
    this.mentions = new SdkMentions(catalog);
  }

  /** Stops the analysis of the current file when it has run past its time budget (see AnalysisTimeout). */
  deadline = Infinity;

  /**
   * Whether the flows of a file are reported on their own (it is among the files scanned or linted).
   * When a wrapper's file is not, its callers report what it sends by itself too, so nothing is lost.
   */
  reportsOn: (absolutePath: string) => boolean = () => true;

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
    if (existing && existing.sourceFile === sourceFile) {
      this.touched.add(existing);
      return existing;
    }
    const evaluator = new FileEvaluator(sourceFile, this.catalog, this);
    this.evaluators.set(sourceFile.fileName, evaluator);
    this.touched.add(evaluator);
    return evaluator;
  }

  /**
   * Drops what the project keeps of a file (its evaluator, with the tree it holds): for a tree the
   * caller owns (ESLint's), which must not outlive the caller's use of it. Imported later, the file
   * gets a fresh evaluator over the module graph's own parse.
   */
  forgetFile(path: string): void {
    const evaluator = this.evaluators.get(path);
    if (evaluator) this.touched.delete(evaluator);
    this.evaluators.delete(path);
  }

  /** Evaluators used since the last file ended. */
  private readonly touched = new Set<FileEvaluator>();

  /**
   * One file's analysis is over: the evaluators it used forget their per-expression values (a
   * run over thousands of files would otherwise keep a value for every expression it ever saw).
   */
  endFile(): void {
    for (const evaluator of this.touched) evaluator.forgetExpressions();
    this.touched.clear();
  }

  /** What module `path` exports as `name` (`default` for the default export). Cycles give nothing. */
  exportValue(path: string, name: string): Value {
    const key = `${path}\u0000${name}`;
    if (this.exporting.has(key)) return NOTHING;
    // A module whose text never names it and re-exports nothing wholesale cannot export it: not parsed for that.
    const text = this.graph.text(path);
    if (text !== undefined && !text.includes(name) && !/\bexport\s*\*/.test(text)) return NOTHING;
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
   * The app's classes that implement or extend `name` (an interface or an abstract class a receiver is typed with),
   * for class hierarchy analysis: only classes in files that can reach an SDK (the others cannot send anything), at
   * most MAX_IMPLEMENTERS of them.
   */
  implementersOf(name: string): readonly TS.ClassLikeDeclaration[] {
    // The files are remembered, not the classes: a tree is kept by the module graph only as long as it chooses.
    let paths = this.implementing.get(name);
    if (!paths) {
      paths = this.implementerFiles(name).filter((path) => {
        const text = this.graph.text(path);
        return text !== undefined && this.reachesSdk(path, text);
      });
      this.implementing.set(name, paths);
    }
    const found: TS.ClassLikeDeclaration[] = [];
    for (const path of paths) {
      for (const statement of this.graph.sourceFile(path)?.statements ?? []) {
        if (ts.isClassDeclaration(statement) && heritageNames(statement).includes(name)) found.push(statement);
      }
      if (found.length >= MAX_IMPLEMENTERS) break;
    }
    return found.slice(0, MAX_IMPLEMENTERS);
  }

  private readonly implementing = new Map<string, readonly string[]>();

  /**
   * The graph's files declaring a class that implements or extends `name`. The graph builds its index of the
   * repository's classes on first use, a one-time cost of the run: the file being analysed is not charged for it.
   */
  private implementerFiles(name: string): readonly string[] {
    const started = Date.now();
    const files = this.graph.implementers?.(name) ?? [];
    this.deadline += Date.now() - started;
    return files;
  }

  /** Whether a class implementing or extending `name` is declared in a file that can reach an SDK (from texts: nothing parsed). */
  hasReachingImplementer(name: string): boolean {
    let answer = this.reachingImplementer.get(name);
    if (answer === undefined) {
      answer = this.implementerFiles(name).some((path) => {
        const text = this.graph.text(path);
        return text !== undefined && this.reachesSdk(path, text);
      });
      this.reachingImplementer.set(name, answer);
    }
    return answer;
  }

  private readonly reachingImplementer = new Map<string, boolean>();

  /**
   * Which top-level statements and class members of a file can reach an SDK (see reaching-units.ts), kept with the
   * tree. A file that names an SDK itself is not cut.
   */
  reachingUnitsOf(sourceFile: TS.SourceFile): ReachingUnits {
    return this.unitsOf(sourceFile.fileName, sourceFile);
  }

  /**
   * Whether the export `name` of a module can reach an SDK: the module can, and the declaration it exports (or the
   * module it re-exports from) does.
   */
  exportReaches(path: string, name: string): boolean {
    return this.exportHot(path, name) !== false;
  }

  /** How hot the export `name` of a module is (see Heat in reaching-units.ts). */
  exportHot(path: string, name: string): Heat {
    const text = this.graph.text(path);
    if (text === undefined || !this.reachesSdk(path, text)) return false;
    const sourceFile = this.graph.sourceFile(path);
    if (!sourceFile) return true;
    // First the module's units: a module being solved answers what the previous pass found (see `solving`).
    const units = this.unitsOf(path, sourceFile);
    // A chain of `export *` that comes back here adds nothing to what the first visit finds.
    const key = `${path}\u0000${name}`;
    if (this.askingExport.has(key)) return false;
    this.askingExport.add(key);
    try {
      return exportHot(this.shapeOf(sourceFile), units, name, (target, exported) => (this.mayExport(target, exported) ? this.exportHot(target, exported) : false));
    } finally {
      this.askingExport.delete(key);
    }
  }

  private readonly askingExport = new Set<string>();

  /**
   * Whether a module that can reach an SDK may export `name`: it declares or re-exports it by name, or one of the
   * modules it re-exports wholesale (`export *`, however deep) does. A barrel of fifty `export *` is asked for each
   * name imported through it; most of its targets are ruled out here without a solution.
   */
  private mayExport(path: string, name: string): boolean {
    let names = this.exportedNames.get(path);
    if (!names) {
      const found = new Set<string>();
      names = found;
      const visited = new Set<string>([path]);
      const queue = [path];
      for (let next = 0; next < queue.length; next++) {
        const sourceFile = this.graph.sourceFile(queue[next]!);
        const shape = sourceFile && this.shapeOf(sourceFile);
        // A module read whole (CommonJS, one that names an SDK) or not read at all may export anything.
        if (!shape || shape.namesSdk || shape.commonJs) {
          names = ANY_NAME;
          break;
        }
        for (const entry of shape.localExports) found.add(entry.exported);
        for (const entry of shape.reExports) {
          if (entry.exported !== undefined) found.add(entry.exported);
          else if (!visited.has(entry.target)) {
            visited.add(entry.target);
            queue.push(entry.target);
          }
        }
      }
      this.exportedNames.set(path, names);
    }
    return names === ANY_NAME || names.has(name);
  }

  private readonly exportedNames = new Map<string, ReadonlySet<string>>();

  /**
   * The members that can reach an SDK of the classes implementing or extending `name` (their hot members, by name),
   * `true` when any member may (a file that names an SDK itself, a class whose base is hot), undefined for none.
   */
  private hotImplementerMembers(name: string): Heat {
    // Asked by every module whose parameters are typed with the name: once per pass of a solution.
    const known = this.solving?.implementers.get(name);
    if (known !== undefined) return known;
    const heat = this.computeHotImplementerMembers(name);
    this.solving?.implementers.set(name, heat);
    return heat;
  }

  private computeHotImplementerMembers(name: string): Heat {
    const members = new Set<string>();
    for (const path of this.implementerFiles(name)) {
      const text = this.graph.text(path);
      if (text === undefined || !this.reachesSdk(path, text)) continue;
      const sourceFile = this.graph.sourceFile(path);
      if (!sourceFile) return true;
      // In a file that names an SDK itself every member of the class may reach it.
      const everyMember = this.shapeOf(sourceFile).namesSdk;
      const units = this.unitsOf(path, sourceFile);
      for (const statement of sourceFile.statements) {
        if (!ts.isClassDeclaration(statement) || !heritageNames(statement).includes(name)) continue;
        const hot = everyMember || units.classes.get(statement.name?.text ?? 'default');
        if (!hot) continue;
        if (hot !== true) {
          for (const member of hot) members.add(member);
          continue;
        }
        // Hot whole: by its base (what it inherits has no name here), or in a file that names an SDK.
        if (!everyMember || statement.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)) return true;
        for (const member of statement.members) {
          if (!member.name || ts.isComputedPropertyName(member.name)) return true;
          members.add(member.name.text);
        }
      }
    }
    return members.size > 0 ? members : false;
  }

  /** The module a specifier leads to, when it can reach an SDK (for moduleShape). */
  reachingModule(specifier: string, fromFile: string): string | undefined {
    const target = this.graph.resolve(specifier, fromFile);
    if (!target) return undefined;
    const text = this.graph.text(target);
    return text !== undefined && this.reachesSdk(target, text) ? target : undefined;
  }

  private shapeOf(sourceFile: TS.SourceFile): ModuleShape {
    let shape = this.shapes.get(sourceFile);
    if (!shape) {
      shape = moduleShape(sourceFile, this, this.scanned(sourceFile.fileName, sourceFile.text).namesSdk);
      this.shapes.set(sourceFile, shape);
    }
    return shape;
  }

  private readonly shapes = new WeakMap<TS.SourceFile, ModuleShape>();
  private readonly solvedUnits = new WeakMap<TS.SourceFile, ReachingUnits>();
  /**
   * While units are being solved: modules import each other in cycles, so a module met again while it is being
   * solved answers what the previous pass found (nothing, in the first); when such an answer was used and a module's
   * hot names grew since the previous pass, everything is solved again (hot names only grow: a least fixpoint).
   */
  private solving:
    | { current: Map<string, ReachingUnits>; previous: Map<string, ReachingUnits>; inProgress: Set<string>; provisional: boolean; trees: Map<string, TS.SourceFile>; implementers: Map<string, Heat> }
    | undefined;

  private unitsOf(path: string, sourceFile: TS.SourceFile): ReachingUnits {
    const solved = this.solvedUnits.get(sourceFile);
    if (solved) return solved;
    if (this.solving) return this.solveOne(path, sourceFile);
    const solving = { current: new Map<string, ReachingUnits>(), previous: new Map<string, ReachingUnits>(), inProgress: new Set<string>(), provisional: false, trees: new Map<string, TS.SourceFile>(), implementers: new Map<string, Heat>() };
    this.solving = solving;
    try {
      let result: ReachingUnits;
      for (;;) {
        solving.current = new Map();
        solving.implementers = new Map();
        solving.provisional = false;
        result = this.solveOne(path, sourceFile);
        if (!solving.provisional) break;
        const grew = [...solving.current].some(([module, units]) => heatSize(solving.previous.get(module)) !== heatSize(units));
        if (!grew) break;
        solving.previous = solving.current;
      }
      for (const [module, units] of solving.current) this.solvedUnits.set(solving.trees.get(module)!, units);
      return result;
    } finally {
      this.solving = undefined;
    }
  }

  private solveOne(path: string, sourceFile: TS.SourceFile): ReachingUnits {
    const solving = this.solving!;
    const done = solving.current.get(path);
    if (done) return done;
    if (solving.inProgress.has(path)) {
      solving.provisional = true;
      return solving.previous.get(path) ?? NOT_YET_SOLVED;
    }
    solving.inProgress.add(path);
    try {
      const units = solveUnits(
        this.shapeOf(sourceFile),
        (target, name) => this.exportHot(target, name),
        (name) => this.hotImplementerMembers(name),
      );
      solving.current.set(path, units);
      solving.trees.set(path, sourceFile);
      return units;
    } finally {
      solving.inProgress.delete(path);
    }
  }

  /**
   * Forgets which files were found unable to reach an SDK. A long-lived process (an editor's
   * ESLint) calls it before each file: an edit here or in an imported module can change that
   * answer. A "can reach" answer may stay: at worst a file is analysed and nothing is found.
   */
  forgetUnreached(): void {
    for (const [path, reaches] of this.reaches) if (!reaches) this.reaches.delete(path);
    // What a module exports may have changed with it.
    this.exportedNames.clear();
  }

  /**
   * Whether a file can reach an SDK: it names a catalog package or global, or imports (through
   * any number of app modules) one that does. Answered from texts alone (a scan of import
   * specifiers, no parse), so a file for which it is false need not be parsed at all.
   *
   * A breadth-first search over the import graph, each module visited once, cycle-safe and
   * without a depth limit. When it finds no module that names an SDK, nothing it visited can
   * reach one (everything they import was visited too): all of them are remembered as "cannot
   * reach". When it finds one, the modules on the import path from the file to it are remembered
   * as "can reach".
   */
  reachesSdk(path: string, text: string): boolean {
    const cached = this.reaches.get(path);
    // An answer holds for the text it was found for: the file edited since is searched again.
    if (cached !== undefined && this.imports.get(path)?.text === text) return cached;
    const cameFrom = new Map<string, string | null>([[path, null]]);
    const queue: { path: string; text: string }[] = [{ path, text }];
    let found: string | undefined;
    let cut = false;
    for (let next = 0; next < queue.length && found === undefined; next++) {
      const current = queue[next]!;
      if ((next & 0xff) === 0xff && Date.now() > this.deadline) {
        cut = true;
        break;
      }
      if (this.scanned(current.path, current.text, next === 0).namesSdk) {
        found = current.path;
        break;
      }
      for (const target of this.scanned(current.path, current.text).targets) {
        if (cameFrom.has(target)) continue;
        const known = this.reaches.get(target);
        if (known === false) continue;
        cameFrom.set(target, current.path);
        if (known === true) {
          found = target;
          break;
        }
        const imported = this.graph.text(target);
        if (imported !== undefined) queue.push({ path: target, text: imported });
      }
    }
    if (found === undefined) {
      // Cut by the time budget, the search says nothing about the modules it visited, only (as a guess) about the file.
      if (cut) this.reaches.set(path, false);
      else for (const visited of cameFrom.keys()) this.reaches.set(visited, false);
      return false;
    }
    for (let on: string | null | undefined = found; on; on = cameFrom.get(on)) this.reaches.set(on, true);
    return true;
  }

  /**
   * The tree the reach search parsed the file it was asked about, if it had to (a catalog global's name is confirmed
   * on a parse), for that file's syntax check: it is not parsed twice. Taken once.
   */
  takeReachParse(path: string, text: string): TS.SourceFile | undefined {
    const sourceFile = this.parsedForReach;
    this.parsedForReach = undefined;
    return sourceFile && sourceFile.fileName === path && sourceFile.text === text ? sourceFile : undefined;
  }

  private parsedForReach: TS.SourceFile | undefined;

  /**
   * What the reach search needs of a module, from its text once: whether it names an SDK itself,
   * and the app modules it imports or re-exports from (packages and unresolved specifiers left out).
   */
  private scanned(path: string, text: string, keepParse = false): { namesSdk: boolean; targets: readonly string[] } {
    const cached = this.imports.get(path);
    if (cached && cached.text === text) return cached;
    const namesSdk = this.mentions.namedIn(text, path, keepParse ? (sourceFile) => (this.parsedForReach = sourceFile) : undefined);
    const targets = new Set<string>();
    // A module that names an SDK ends the search: what it imports is not needed.
    if (!namesSdk) {
      for (const specifier of scanImports(text)) {
        const target = this.graph.resolve(specifier, path);
        if (target) targets.add(target);
      }
    }
    const entry = { text, targets: [...targets], namesSdk };
    this.imports.set(path, entry);
    return entry;
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

/** How much of a module is hot (hot names only grow from one pass to the next: an unchanged size is an unchanged solution). */
function heatSize(units: ReachingUnits | undefined): number {
  if (!units) return -1;
  let size = units.hot.size;
  for (const members of units.classes.values()) size += members === true ? 1_000_000 : members.size;
  return size;
}

/** A module that may export any name (see mayExport). */
const ANY_NAME: ReadonlySet<string> = new Set();

/** A module's units before its first solution: nothing known hot yet. */
const NOT_YET_SOLVED: ReachingUnits = { cold: new Set(), hot: new Set(), classes: new Map() };

/** How many implementing classes a receiver typed with an interface stands for. */
const MAX_IMPLEMENTERS = 8;

/** The names a class extends or implements (`Base`, `AnalyticsWriter`; `ns.Writer` gives `Writer`). */
function heritageNames(declaration: TS.ClassLikeDeclaration): string[] {
  return (declaration.heritageClauses ?? []).flatMap((clause) =>
    clause.types.map((type) => (ts.isIdentifier(type.expression) ? type.expression.text : ts.isPropertyAccessExpression(type.expression) ? type.expression.name.text : '')),
  );
}
