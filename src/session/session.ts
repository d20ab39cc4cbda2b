import type * as TS from 'typescript';
import { statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { loadCatalog, type Catalog } from '../catalog/catalog';
import { findInSourceFile, needsAnalysis, type FoundFile } from '../engine/analyze-file';
import { AnalysisTimeout } from '../engine/evaluate';
import { checkSyntax, parseSource, syntaxError } from '../engine/parse';
import { Project } from '../engine/project';
import { NO_POLICY, loadPolicy, policyExcludes, policyPathFor, policyProblems, type LoadedPolicy } from '../policy/policy';
import type { Problem } from '../model/result';
import { judgeFile, type FileAnalysis } from './judge';
import { ModuleGraph } from './module-graph';
import { createBoundedProgram } from './typed-program';

/** A file whose analysis takes longer is skipped with a reason (default 10 s). */
export const DEFAULT_MAX_FILE_MS = 10_000;

/**
 * How many parsed modules (with their evaluators and summaries) a session without `settled` keeps
 * between two files (SessionOptions.maxKeptModules): an editor's ESLint lints thousands of files.
 */
export const DEFAULT_MAX_KEPT_MODULES = 400;

/** How long, without `settled`, what was read from disk is trusted (SessionOptions.recheckMs). */
export const DEFAULT_RECHECK_MS = 1000;

export const TOO_DEEP = 'nested too deeply to parse (the parser ran out of stack); split the expression to have it analysed';
export const OVER_BUDGET = 'analysis took longer than its time budget; raise --max-file-time to analyse it';

export interface SessionOptions {
  /** Where a relative `policy` path starts. */
  cwd: string;
  /** Reports name files relative to this folder (the scanned folder; ESLint's working directory). */
  displayRoot: string;
  /** The repository: imports are followed, and files read, only inside it. */
  boundary: string;
  /** A catalog folder other than the bundled one. */
  rulesDir?: string;
  /** One policy file for every file (relative to `cwd`); default: each file answers to the nearest one above it. */
  policy?: string;
  /** No policy at all: what is sent, whatever any policy says (`piiflow init`). */
  noPolicy?: boolean;
  /** The time budget of one file's analysis. */
  maxFileMs?: number;
  /**
   * Files do not change while the session lives (one scan): a file or policy read once is not
   * checked on disk again. Without it (an editor's ESLint), every use checks the file's time.
   */
  settled?: boolean;
  /**
   * Without `settled`: how long what was read from disk (a module's text and tree, a policy, which
   * modules cannot reach an SDK) is trusted before it is checked again. An `eslint .` run lints
   * thousands of files in a few seconds and checks each module about once, not once per file that
   * imports it; an editor sees a change saved to another file at most this long after. The linted
   * file itself is always read from the text given. Default 1000 ms; 0 checks on every use.
   */
  recheckMs?: number;
  /**
   * Without `settled`: how many parsed modules (each with its evaluator and function summaries) are
   * kept from one file to the next, the most recently used; the others are parsed again when needed.
   * Default DEFAULT_MAX_KEPT_MODULES. A scan (`settled`) keeps every module it parsed.
   */
  maxKeptModules?: number;
  /**
   * Whether a file's own flows are reported (a scan: the files it discovered, every shard's). The
   * callers of a wrapper in any other file report what the wrapper sends by itself. Default: all.
   */
  reportsOn?: (absolutePath: string) => boolean;
}

/** What the analysis of one file came to. */
export type FileOutcome =
  /** It can reach no SDK and has no suppression comment: only its syntax was checked. */
  | { kind: 'quiet' }
  | { kind: 'syntax-error'; message: string; line: number; column: number }
  /** Too deeply nested to parse, or over its time budget: a gap in coverage, reported with the reason. */
  | { kind: 'not-analysed'; reason: string }
  | { kind: 'found'; found: FoundFile; analysis: FileAnalysis; policy: LoadedPolicy };

/**
 * All state of one analysis: the catalog, the policy of every folder, the module graph, one
 * engine project per catalog and set of declared anonymizers (with their evaluators, function
 * summaries and reachability answers), which ignore entries were used, and the per-file deadline.
 * Every front-end (scan, explain, the ESLint rule) analyses through one; nothing is kept between
 * sessions, so two sessions in one process never see each other's results.
 */
export class AnalysisSession {
  readonly bundled: Catalog;
  readonly graph: ModuleGraph;
  private readonly projects = new Map<Catalog, Map<string, Project>>();
  private readonly loaded = new Map<string, { mtimeMs: number; size: number; policy: LoadedPolicy }>();
  private readonly byDirectory = new Map<string, { policy: LoadedPolicy; checkedAt: number }>();
  /** When the answers "cannot reach an SDK" were last forgotten (see forgetUnreached). */
  private unreachedSince = -Infinity;
  private readonly usedIgnores = new Map<LoadedPolicy, Set<number>>();
  private program: TS.Program | undefined;

  constructor(readonly options: SessionOptions) {
    this.bundled = loadCatalog(options.rulesDir);
    this.graph = new ModuleGraph(options.boundary, options.settled ?? false, this.recheckMs);
  }

  /** How long what was read from disk is trusted without `settled` (SessionOptions.recheckMs). */
  private get recheckMs(): number {
    return this.options.recheckMs ?? DEFAULT_RECHECK_MS;
  }

  /** Whether something read from disk at `checkedAt` is used without checking the disk again. */
  private trusted(checkedAt: number): boolean {
    return this.options.settled === true || Date.now() - checkedAt < this.recheckMs;
  }

  /** How reports show a file: relative to the display root, with forward slashes. */
  display(absolutePath: string): string {
    return relative(this.options.displayRoot, absolutePath).split(sep).join('/') || absolutePath;
  }

  /**
   * The policy files in `directory` answer to: the explicit one, or the nearest piiflow.policy.yaml
   * in it or above it, or none. Throws PiiflowUserError for a policy that cannot be used.
   */
  policyFor(directory: string): LoadedPolicy {
    if (this.options.noPolicy) return NO_POLICY;
    const known = this.byDirectory.get(directory);
    if (known && this.trusted(known.checkedAt)) return known.policy;
    const path = policyPathFor(directory, this.options.policy, this.options.cwd);
    const policy = path ? this.loadPolicyFile(path) : NO_POLICY;
    this.byDirectory.set(directory, { policy, checkedAt: Date.now() });
    return policy;
  }

  /** Whether the policy of the file's folder excludes it (`exclude:`): it is not reported on, in the scan or in ESLint. */
  excluded(path: string): boolean {
    return policyExcludes(this.policyFor(dirname(path)), path);
  }

  /** A policy file, loaded once while it is unchanged (an editor lints file after file under it). */
  private loadPolicyFile(path: string): LoadedPolicy {
    const cached = this.loaded.get(path);
    if (cached && this.options.settled) return cached.policy;
    let stat: { mtimeMs: number; size: number } | undefined;
    try {
      stat = statSync(path);
    } catch {
      stat = undefined; // loadPolicy says the file is missing.
    }
    if (cached && stat && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.policy;
    const policy = loadPolicy(path, this.bundled, relative(this.options.cwd, path) || path);
    if (stat) this.loaded.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, policy });
    return policy;
  }

  /** The catalog a policy's files are analysed with: the bundled one and what the policy adds (data types, custom vendors). */
  catalogFor(policy: LoadedPolicy): Catalog {
    return policy.catalog ?? this.bundled;
  }

  /**
   * The engine project for a policy's files: one per catalog and set of declared anonymizers, as
   * these change what values carry. Files under policies that agree share one.
   */
  projectFor(policy: LoadedPolicy): Project {
    const catalog = this.catalogFor(policy);
    let byAnonymizers = this.projects.get(catalog);
    if (!byAnonymizers) this.projects.set(catalog, (byAnonymizers = new Map()));
    const anonymizers = policy.policy.anonymizers ?? [];
    const base = policy.path ? dirname(policy.path) : this.options.cwd;
    const key = anonymizers.length ? `${JSON.stringify(anonymizers)}\u0000${base}` : '';
    let project = byAnonymizers.get(key);
    if (!project) {
      project = new Project(catalog, this.graph, anonymizers, base);
      project.useProgram(this.program);
      if (this.options.reportsOn) project.reportsOn = this.options.reportsOn;
      byAnonymizers.set(key, project);
    }
    return project;
  }

  /** What a file's findings depend on in its policy: its catalog and declared anonymizers (the rest is judged afresh). */
  findKey(policy: LoadedPolicy): string {
    const anonymizers = policy.policy.anonymizers;
    const catalog = this.catalogFor(policy) === this.bundled ? '' : this.catalogFor(policy).fingerprint;
    return anonymizers?.length || catalog ? `${catalog}\u0000${JSON.stringify(anonymizers ?? [])}\u0000${policy.path ? dirname(policy.path) : ''}` : '';
  }

  /** Uses a program's files and type checker (typed linting, `scan --types`), or stops using one. */
  useProgram(program: TS.Program | undefined): void {
    if (program === this.program) return;
    this.program = program;
    this.graph.useProgram(program);
    for (const byAnonymizers of this.projects.values()) for (const project of byAnonymizers.values()) project.useProgram(program);
  }

  /**
   * Builds a program of `files` (with the nearest tsconfig of `root`) whose type checker answers
   * what declarations alone cannot (`scan --types`); the compiler reads nothing outside the boundary.
   */
  useTypes(root: string, files: readonly string[]): void {
    this.useProgram(createBoundedProgram(root, files, this.options.boundary));
  }

  /**
   * Forgets which files were found unable to reach an SDK, when that was learnt more than
   * `recheckMs` ago. A long-lived process (an editor's ESLint) calls it before each file: an edit
   * in an imported module can change that answer. An edit of the file itself is seen at once
   * (the answer is kept with the text it was given for).
   */
  forgetUnreached(): void {
    if (this.trusted(this.unreachedSince)) return;
    this.unreachedSince = Date.now();
    for (const byAnonymizers of this.projects.values()) for (const project of byAnonymizers.values()) project.forgetUnreached();
  }

  /** Whether a file needs parsing and analysis at all (it can reach an SDK, or has suppression comments). */
  needsAnalysis(path: string, text: string): boolean {
    return needsAnalysis(path, text, this.projectFor(this.policyFor(dirname(path))));
  }

  /**
   * The only way into the analysis: a file's text (and its tree, when the caller already has one)
   * to the SDK calls it makes, the personal data reaching them and the policy's verdicts. A file
   * that cannot reach an SDK is only checked for syntax. Throws PiiflowUserError when the file's
   * policy cannot be used.
   */
  analyze(path: string, text: string, tree?: TS.SourceFile | (() => TS.SourceFile)): FileOutcome {
    const policy = this.policyFor(dirname(path));
    const project = this.projectFor(policy);
    return guarded(() => {
      if (!needsAnalysis(path, text, project)) {
        // A lighter parse, no parent links, nothing kept.
        if (tree !== undefined) return { kind: 'quiet' };
        const error = syntaxError(project.takeReachParse(path, text) ?? checkSyntax(text, path));
        return error ? { kind: 'syntax-error', ...error } : { kind: 'quiet' };
      }
      // A file the module graph already parsed (imported by one analysed before) is not parsed again.
      const sourceFile = (typeof tree === 'function' ? tree() : tree) ?? this.program?.getSourceFile(path) ?? this.graph.parsed(path, text) ?? project.takeReachParse(path, text) ?? parseSource(text, path);
      const error = syntaxError(sourceFile);
      if (error) return { kind: 'syntax-error', ...error };
      this.graph.register(sourceFile, path);
      project.deadline = Date.now() + (this.options.maxFileMs ?? DEFAULT_MAX_FILE_MS);
      try {
        const found = findInSourceFile(sourceFile, { file: this.display(path), project, displayPath: (absolute) => this.display(absolute) });
        return { kind: 'found', found, analysis: this.judge(found, path, policy), policy };
      } finally {
        project.deadline = Infinity;
        // A tree the caller handed in (ESLint's, with its ESTree maps) is the caller's: a long-lived
        // session keeps none of them, or an editor's memory would grow with every file linted.
        if (tree !== undefined && !this.options.settled) {
          this.graph.forget(path);
          project.forgetFile(path);
        }
        if (!this.options.settled) this.graph.trim(this.options.maxKeptModules ?? DEFAULT_MAX_KEPT_MODULES, (dropped) => this.forgetModule(dropped));
      }
    });
  }

  /** Drops what every project learnt of a module whose tree the graph dropped (its evaluator, summaries, the classes it declares). */
  private forgetModule(path: string): void {
    for (const byAnonymizers of this.projects.values()) for (const project of byAnonymizers.values()) project.forgetFile(path);
  }

  /** The policy's verdicts on what a file sends (found now, or kept by the scan cache). */
  judge(found: FoundFile, path: string, policy: LoadedPolicy = this.policyFor(dirname(path))): FileAnalysis {
    let used = this.usedIgnores.get(policy);
    if (!used) this.usedIgnores.set(policy, (used = new Set()));
    const record = used;
    return judgeFile(found, { policy, file: this.display(path), absolutePath: path, onIgnoreUsed: (index) => record.add(index), vendorName: (id) => this.catalogFor(policy).vendors.get(id)?.name });
  }

  /** A policy's expired ignore entries, and (when `reportUnused`) those this session's verdicts never used. */
  policyProblems(policy: LoadedPolicy, reportUnused: boolean): (Problem & { kind: 'expired' | 'unused' })[] {
    if (!policy.path) return [];
    return policyProblems(policy, { reportUnused, used: this.usedIgnores.get(policy) ?? new Set() }).map((problem) => ({
      file: this.display(policy.path!),
      ...(problem.position.line ? { line: problem.position.line, column: problem.position.column } : {}),
      message: problem.message,
      kind: problem.kind,
    }));
  }

  /** The evaluator of a parsed file under its policy's project (explain asks it what a callee is). */
  evaluatorFor(sourceFile: TS.SourceFile) {
    return this.projectFor(this.policyFor(dirname(sourceFile.fileName))).evaluatorFor(sourceFile);
  }

  /** The name of a vendor in any catalog this session used (custom vendors included). */
  vendorName(id: string): string | undefined {
    for (const catalog of [this.bundled, ...this.projects.keys()]) {
      const vendor = catalog.vendors.get(id);
      if (vendor) return vendor.name;
    }
    return undefined;
  }
}

/**
 * Runs a parse or analysis, turning a stack overflow (thousands of nested parentheses or
 * `a + a + ...`) or a run past the per-file time budget into a reason not to analyse the file.
 * Any other exception is a bug and propagates.
 */
export function guarded(work: () => FileOutcome): FileOutcome {
  try {
    return work();
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) return { kind: 'not-analysed', reason: TOO_DEEP };
    if (error instanceof AnalysisTimeout) return { kind: 'not-analysed', reason: OVER_BUDGET };
    throw error;
  }
}
