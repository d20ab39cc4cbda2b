import type * as TS from 'typescript';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { findInSourceFile, judgeFile, needsAnalysis } from './analyze-file';
import { ScanCache, contentHash, type CacheStats, type CachedOutcome } from './cache';
import { checkSyntax, parseSource, syntaxError } from './parse';
import { AnalysisTimeout } from './evaluate';
import { ModuleGraph, repositoryRoot } from './modules';
import { Project, scanImports } from './project';
import { ts } from './ts';
import { loadCatalog, type Catalog } from './catalog';
import { describeIoError } from './yaml-file';
import { PiiflowUserError } from './errors';
import { discoverFiles } from './files';
import { NO_POLICY, policyProblems, resolvePolicy, type LoadedPolicy } from './policy';
import type { Flow, Problem, ScanResult, ScanSummary, SkippedFile, VendorSummary } from './result';
import { TOOL_VERSION } from './version';

export interface ScanOptions {
  /** Files and folders to scan; default: the current folder. */
  paths?: string[];
  /** Where relative paths start; default: process.cwd(). */
  cwd?: string;
  /** A policy file; default: the nearest piiflow.policy.yaml in or above the scanned root. */
  policy?: string;
  /** Files larger than this are skipped with a reason (default 2 MiB). */
  maxFileBytes?: number;
  /** A rules directory other than the bundled one (tests, custom catalogs). */
  rulesDir?: string;
  /** Called once the files are listed, before any is read (progress displays show the total). */
  onDiscovered?: (files: readonly string[]) => void;
  /** Called after each file, for progress displays. */
  onFile?: (done: number, total: number) => void;
  /**
   * A cache file (see cache.ts): what each file sends is kept between scans and reused while the
   * file and everything it imports are unchanged. Created when missing; a file that is not a
   * piiflow cache is never overwritten.
   */
  cache?: string;
  /** With `cache`: how many files were reused and analysed. */
  onCache?: (stats: CacheStats) => void;
  /**
   * Scan only shard `index` (1-based) of `count`: a stable part of the files, chosen by a hash of
   * each path. Imports are still followed into every file; `piiflow merge` combines the shards.
   */
  shard?: { index: number; count: number };
  /**
   * Build a TypeScript program (nearest tsconfig) so that the type checker can list the fields of
   * values sent whole whose declared types piiflow cannot read by itself (generated ORM types).
   * Slower: the checker binds what it is asked about.
   */
  types?: boolean;
  /** Read no policy file at all (what `piiflow init` describes: what is sent, whatever any policy says). */
  noPolicy?: boolean;
  /** Read symbolic links to files inside the scanned folder (never links to folders, never outside). */
  followSymlinks?: boolean;
  /** A file whose analysis takes longer is skipped with a reason (default 10 s). */
  maxFileMs?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Scans files and folders for personal data reaching third-party SDKs and judges each item
 * against the policy. Throws PiiflowUserError for bad input (missing path, malformed policy);
 * files that cannot be analysed are listed in `skipped`, never dropped silently.
 */
export function scan(options: ScanOptions = {}): ScanResult {
  if (options.cache !== undefined && options.types) {
    throw new PiiflowUserError('--cache and --types cannot be combined yet', undefined, 'the type checker reads the whole program on every run; scan with one or the other');
  }
  const cwd = options.cwd ?? process.cwd();
  const bundled = loadCatalog(options.rulesDir);
  const discovered = discoverFiles(options.paths ?? [], cwd, { followSymlinks: options.followSymlinks });
  const { root } = discovered;
  // A shard scans its part of the files; imports are still followed into every file of the repository.
  const inShard = options.shard ? (display: string) => shardOf(display, options.shard!.count) === options.shard!.index - 1 : () => true;
  const files = discovered.files.filter((file) => inShard(file.display));
  const passedOver = discovered.passedOver.filter((entry) => inShard(entry.display));
  // The policy for the scanned folder may add names and vendors: they apply to the whole scan.
  const rootPolicy = options.noPolicy ? NO_POLICY : resolvePolicy(bundled, root, options.policy, cwd);
  const catalog = rootPolicy.catalog ?? bundled;
  // Every file answers to the nearest policy above it, as in the ESLint rule; --policy overrides all.
  const policyFor = options.noPolicy ? () => NO_POLICY : policyLookup(bundled, options.policy, cwd, rootPolicy, root);
  const used = new Set<string>();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // One project for the scan: imports between the scanned files are parsed once and followed.
  const project = new Project(catalog, new ModuleGraph(repositoryRoot(root), true));
  const displayPath = (absolute: string): string => displayPathOf(root, absolute);

  const flows: Flow[] = [];
  const skipped: SkippedFile[] = passedOver.map((entry) => ({ file: entry.display, reason: entry.reason }));
  const problems: Problem[] = [];
  let scanned = 0;
  options.onDiscovered?.(files.map((file) => file.absolute));
  const cache = options.cache !== undefined ? ScanCache.open(options.cache, cacheKey(catalog, maxBytes)) : undefined;
  const paths = files.map((file) => file.absolute);
  if (cache) project.graph.seedResolutions(cache.validResolutions(paths));
  // Cheap checks first (size, binary, minified), so that nothing is parsed at length for nothing;
  // with a cache, a file whose size and modification time are unchanged is not even read.
  const sources = files.map((file) => observeSource(file.absolute, maxBytes, cache));
  const textOf = (index: number): { text: string } | { reason: string } => {
    const source = sources[index]!;
    if (!source.content) source.content = readSource(files[index]!.absolute, maxBytes).content;
    return source.content;
  };
  // The type checker needs only the files that can reach an SDK (it reads what they import itself).
  const mayReach = (index: number): boolean => {
    const content = textOf(index);
    return 'text' in content && needsAnalysis(files[index]!.absolute, content.text, project);
  };
  const program = options.types ? createProgram(root, files.filter((_, index) => mayReach(index)).map((file) => file.absolute)) : undefined;
  project.useProgram(program);
  const dependencies = cache ? new DependencyKeys(root, project.graph, cache, paths, sources.map((source) => source.record)) : undefined;
  files.forEach((file, index) => {
    const source = sources[index]!;
    const policy = policyFor(dirname(file.absolute));
    const key = dependencies && source.record ? dependencies.keyOf(index, findKey(policy)) : undefined;
    let outcome = key !== undefined ? cache!.outcome(file.absolute, key) : undefined;
    if (!outcome) {
      const content = textOf(index);
      project.deadline = Date.now() + (options.maxFileMs ?? DEFAULT_MAX_FILE_MS);
      const fresh: CachedOutcome | { transient: string } =
        'reason' in content
          ? source.notSource
            ? { kind: 'not-source', reason: content.reason }
            : { transient: content.reason }
          : asOutcome(
              guardStack((): CachedOutcome => {
                // A file that neither names an SDK nor imports anything that does cannot send anything:
                // it is only checked for syntax errors (a lighter parse, no parent links, nothing kept).
                if (!mayReach(index)) {
                  const error = syntaxError(checkSyntax(content.text, file.absolute));
                  return error ? { kind: 'syntax-error', ...error } : { kind: 'quiet' };
                }
                const sourceFile = program?.getSourceFile(file.absolute) ?? project.graph.parsed(file.absolute, content.text) ?? parseSource(content.text, file.absolute);
                const error = syntaxError(sourceFile);
                if (error) return { kind: 'syntax-error', ...error };
                project.graph.register(sourceFile);
                return { kind: 'found', found: findInSourceFile(sourceFile, { catalog, policy, file: file.display, project, displayPath }) };
              }),
            );
      if (key !== undefined) cache!.store(file.absolute, key, 'kind' in fresh ? fresh : undefined);
      if ('transient' in fresh) skipped.push({ file: file.display, reason: fresh.transient });
      else outcome = fresh;
    }
    if (outcome?.kind === 'not-source') {
      skipped.push({ file: file.display, reason: outcome.reason });
    } else if (outcome?.kind === 'syntax-error') {
      skipped.push({ file: file.display, reason: `syntax error: ${outcome.message}`, line: outcome.line, column: outcome.column });
    } else if (outcome) {
      if (policy.path) used.add(policy.path);
      if (outcome.kind === 'found') {
        const judged = judgeFile(outcome.found, { policy, file: file.display, absolutePath: file.absolute });
        flows.push(...judged.flows);
        for (const problem of judged.problems) problems.push({ file: file.display, line: problem.line, column: problem.column, message: problem.message });
      }
      scanned++;
    }
    options.onFile?.(index + 1, files.length);
  });
  if (cache) {
    cache.save(paths, project.graph.resolutionTable(), project.graph.consulted, dependencies!.recorded());
    options.onCache?.(cache.stats);
  }

  flows.sort((a, b) => compareText(a.sink.file, b.sink.file) || a.sink.line - b.sink.line || a.sink.column - b.sink.column || compareText(a.vendor, b.vendor));
  // An unused ignore is reported only when the scan covered everything the policy governs: one
  // whole folder was scanned, and the policy sits in it or below (or was given with --policy).
  const wholeFolder = !options.paths?.length || (options.paths.length === 1 && resolve(cwd, options.paths[0]!) === root);
  const policies = options.policy !== undefined ? [rootPolicy] : [...new Set([rootPolicy, ...[...used].map((path) => policyFor(dirname(path)))])];
  // A shard cannot tell an unused ignore alone: it lists those it did not use, and `piiflow merge`
  // reports the ones no shard used.
  const unusedInShard: Problem[] = [];
  for (const policy of policies) {
    if (!policy.path) continue;
    const governsOnlyScanned = options.policy !== undefined || !relative(root, dirname(policy.path)).startsWith('..');
    for (const problem of policyProblems(policy, { reportUnused: wholeFolder && governsOnlyScanned })) {
      const entry = { file: displayPathOf(root, policy.path), ...(problem.position.line ? { line: problem.position.line, column: problem.position.column } : {}), message: problem.message };
      (problem.kind === 'unused' && options.shard ? unusedInShard : problems).push(entry);
    }
  }
  problems.sort(compareProblems);
  skipped.sort((a, b) => compareText(a.file, b.file));
  return {
    version: 1,
    tool: { name: 'piiflow', version: TOOL_VERSION },
    policy: rootPolicy.path ? displayPathOf(root, rootPolicy.path) : null,
    policies: [...used].map((path) => displayPathOf(root, path)).sort(compareText),
    flows,
    skipped,
    problems,
    summary: summarize(flows, scanned, skipped.length, vendorInfo(catalog.vendors, rootPolicy)),
    ...(options.shard ? { shard: { index: options.shard.index, count: options.shard.count, unusedIgnores: unusedInShard.sort(compareProblems) } } : {}),
  };
}

export function compareProblems(a: Problem, b: Problem): number {
  return compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareText(a.message, b.message);
}

/** Which of `count` shards a file belongs to: a hash of its path from the scanned folder, the same on every machine. */
export function shardOf(display: string, count: number): number {
  return createHash('sha1').update(display).digest().readUInt32BE(0) % count;
}

/** A vendor's name and the policy's descriptive fields for it, as the summary shows them. */
function vendorInfo(vendors: ReadonlyMap<string, { name: string }>, policy: LoadedPolicy): (vendor: string) => Omit<VendorSummary, 'calls' | 'categories' | 'violations'> {
  return (vendor) => {
    const rule = policy.policy.vendors?.[vendor];
    return {
      vendor,
      name: vendors.get(vendor)?.name ?? vendor,
      ...(rule?.purpose ? { purpose: rule.purpose } : {}),
      ...(rule?.legalBasis ? { legalBasis: rule.legalBasis } : {}),
      ...(rule?.retention ? { retention: rule.retention } : {}),
      ...(rule?.region ? { region: rule.region } : {}),
    };
  };
}

/** One program over the files to analyse, with the options of the nearest tsconfig.json (if any). */
/**
 * A program of the given files and the declaration files the tsconfig includes (they may declare
 * global types that nothing imports); the compiler reads what the files import by itself.
 */
function createProgram(root: string, rootNames: string[]): TS.Program {
  let compilerOptions: TS.CompilerOptions = {};
  let declarations: string[] = [];
  const config = ts.findConfigFile(root, ts.sys.fileExists);
  if (config) {
    const read = ts.readConfigFile(config, ts.sys.readFile);
    if (!read.error) {
      const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(config), undefined, config);
      compilerOptions = parsed.options;
      declarations = parsed.fileNames.filter((name) => /\.d\.[mc]?ts$/.test(name));
    }
  }
  const options: TS.CompilerOptions = { ...compilerOptions, allowJs: true, noEmit: true, skipLibCheck: true };
  return ts.createProgram({ rootNames: [...rootNames, ...declarations], options, host: ts.createCompilerHost(options, true) });
}

export const TOO_DEEP = 'nested too deeply to parse (the parser ran out of stack); split the expression to have it analysed';

export const DEFAULT_MAX_FILE_MS = 10_000;

/**
 * Runs a parse or analysis, turning a stack overflow (thousands of nested parentheses or
 * `a + a + ...`) or a run past the per-file time budget into a reason to skip the file.
 * Any other exception is a bug and propagates.
 */
export function guardStack<T extends object>(work: () => T): T | { tooDeep: true; reason: string } {
  try {
    return work();
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) return { tooDeep: true, reason: TOO_DEEP };
    if (error instanceof AnalysisTimeout) return { tooDeep: true, reason: 'analysis took longer than its time budget; raise --max-file-time to analyse it' };
    throw error;
  }
}

function policyLookup(catalog: Catalog, explicit: string | undefined, cwd: string, rootPolicy: LoadedPolicy, root: string): (directory: string) => LoadedPolicy {
  // Which ignores were used is counted per scan.
  const fresh = new Set<LoadedPolicy>();
  const start = (policy: LoadedPolicy): LoadedPolicy => {
    if (!fresh.has(policy)) {
      policy.usedIgnores?.clear();
      fresh.add(policy);
    }
    return policy;
  };
  start(rootPolicy);
  if (explicit) return () => rootPolicy;
  const byDirectory = new Map<string, LoadedPolicy>([[root, rootPolicy]]);
  return (directory) => {
    let policy = byDirectory.get(directory);
    if (!policy) {
      policy = start(resolvePolicy(catalog, directory, undefined, cwd));
      byDirectory.set(directory, policy);
    }
    return policy;
  };
}

function displayPathOf(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** The file's text, or why it is not analysed. Checks are cheap and come before any parse. */
function readSource(path: string, maxBytes: number): Source & { content: NonNullable<Source['content']> } {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
    // A pipe or device named like a source file would block the read forever.
    if (!stat.isFile()) return { content: { reason: 'not a regular file (a pipe, socket or device): not read' } };
  } catch (error) {
    return { content: { reason: `cannot read: ${describeIoError(error)}` } };
  }
  if (stat.size > maxBytes) return { stat, content: { reason: `larger than ${formatBytes(maxBytes)} (${formatBytes(stat.size)}); raise --max-file-size to analyse it` } };
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    return { content: { reason: `cannot read: ${describeIoError(error)}` } };
  }
  if (buffer.subarray(0, 8192).includes(0)) return { stat, buffer, notSource: true, content: { reason: 'binary content (NUL bytes), not source code' } };
  // A byte-order mark is not part of the code; ESLint drops it too, so both front-ends count columns alike.
  const decoded = buffer.toString('utf8');
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  const minified = looksMinified(text);
  if (minified) return { stat, buffer, notSource: true, content: { reason: minified } };
  return { stat, buffer, content: { text } };
}

interface Source {
  stat?: { size: number; mtimeMs: number };
  buffer?: Buffer;
  /** Read and checked; absent while a cache record stands for a file not read. */
  content?: { text: string } | { reason: string };
  /** Binary or minified: a property of the content, so the cache may keep it. */
  notSource?: boolean;
  /** The file's cache record. */
  record?: ReturnType<ScanCache['observe']>;
}

/** Reads a file, unless the cache knows it by size and modification time. */
function observeSource(path: string, maxBytes: number, cache: ScanCache | undefined): Source {
  if (cache) {
    let stat: ReturnType<typeof statSync> | undefined;
    try {
      stat = statSync(path);
    } catch {
      stat = undefined;
    }
    const record = stat?.isFile() && stat.size <= maxBytes ? cache.unchanged(path, stat) : undefined;
    if (record) return { stat: stat!, record };
  }
  const source = readSource(path, maxBytes);
  if (cache && source.buffer && source.stat) {
    const text = source.content && 'text' in source.content ? source.content.text : undefined;
    source.record = cache.observe(path, source.stat, contentHash(source.buffer), () => (text !== undefined ? scanImports(text) : []));
  }
  delete source.buffer;
  return source;
}

function asOutcome(outcome: CachedOutcome | { tooDeep: true; reason: string }): CachedOutcome | { transient: string } {
  return 'tooDeep' in outcome ? { transient: outcome.reason } : outcome;
}

/** What a file's findings depend on in its policy: only the declared anonymizers (the rest is judged afresh). */
function findKey(policy: LoadedPolicy): string {
  const anonymizers = policy.policy.anonymizers;
  return anonymizers?.length ? `${JSON.stringify(anonymizers)}\u0000${policy.path ? dirname(policy.path) : ''}` : '';
}

/** The cache's key: piiflow's version and code, the catalog in use and the size limit. */
function cacheKey(catalog: Catalog, maxBytes: number): string {
  const hash = createHash('sha1').update(`${TOOL_VERSION}\u0000${maxBytes}\u0000${catalog.fingerprint}\u0000`);
  // In a development checkout the version stays while the code changes: the engine's files are part of the key.
  for (const name of readdirSync(__dirname).sort()) {
    const stat = statSync(join(__dirname, name));
    hash.update(`${name}:${stat.size}:${stat.mtimeMs}\n`);
  }
  return hash.digest('base64url');
}

/**
 * The dependency key of each file: its content and the content of every module it imports,
 * through any number of imports, with the paths they resolve to. A file's findings can change
 * only if its key does. `seen` collects the files whose records were used.
 */
class DependencyKeys {
  private readonly index = new Map<string, number>();
  private readonly outside = new Map<string, { hash: string; imports: string[] } | null>();
  private readonly targets = new Map<string, string[]>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly graph: ModuleGraph,
    private readonly cache: ScanCache,
    private readonly paths: readonly string[],
    private readonly records: readonly (ReturnType<ScanCache['observe']> | undefined)[],
  ) {
    paths.forEach((path, index) => this.index.set(path, index));
  }

  /** The key of a file: its folder of display (traces name files relative to it), its policy's part, and its closure. */
  keyOf(index: number, policyKey: string): string {
    const start = this.paths[index]!;
    if (!this.closureKeys.has(start)) this.computeFrom(start);
    return createHash('sha1').update(`${this.root}\u0000${policyKey}\u0000${this.closureKeys.get(start)!}`).digest('base64url');
  }

  private readonly closureKeys = new Map<string, string>();

  /**
   * Keys of everything reachable from `start`, in time linear in the import graph: the strongly
   * connected components (import cycles, barrels importing their importers) are found with
   * Tarjan's algorithm, iteratively, and each component's key hashes its members' paths and
   * contents with the keys of the components it imports (a Merkle tree over the condensed graph).
   */
  private computeFrom(start: string): void {
    const order = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const frames: { node: string; targets: string[]; next: number }[] = [];
    const enter = (node: string): void => {
      order.set(node, order.size);
      low.set(node, order.get(node)!);
      stack.push(node);
      onStack.add(node);
      frames.push({ node, targets: this.targetsOf(node), next: 0 });
    };
    enter(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.next < frame.targets.length) {
        const target = frame.targets[frame.next++]!;
        if (this.closureKeys.has(target)) continue;
        if (!order.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, order.get(target)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== order.get(frame.node)) continue;
      const members = new Set<string>();
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.add(member);
      } while (member !== frame.node);
      const hash = createHash('sha1');
      const imported = new Set<string>();
      for (const path of [...members].sort()) {
        hash.update(`${path}\u0001${this.recordOf(path)?.hash ?? '-'}\u0000`);
        for (const target of this.targetsOf(path)) if (!members.has(target)) imported.add(this.closureKeys.get(target)!);
      }
      for (const key of [...imported].sort()) hash.update(key);
      const key = hash.digest('base64url');
      for (const path of members) this.closureKeys.set(path, key);
    }
  }

  /** The files whose records this scan used: the cache keeps those. */
  recorded(): ReadonlySet<string> {
    return this.seen;
  }

  private recordOf(path: string): { hash: string; imports: string[] } | undefined {
    this.seen.add(path);
    const index = this.index.get(path);
    if (index !== undefined) return this.records[index];
    let record = this.outside.get(path);
    if (record === undefined) {
      // An imported file outside the scanned ones: known by its size and time, or read.
      let stat: ReturnType<typeof statSync> | undefined;
      try {
        stat = statSync(path);
      } catch {
        stat = undefined;
      }
      const text = stat && !this.cache.unchanged(path, stat) ? this.graph.text(path) : undefined;
      record = stat ? (this.cache.unchanged(path, stat) ?? (text !== undefined ? this.cache.observe(path, stat, contentHash(Buffer.from(text)), () => scanImports(text)) : null)) : null;
      this.outside.set(path, record);
    }
    return record ?? undefined;
  }

  private targetsOf(path: string): string[] {
    let targets = this.targets.get(path);
    if (!targets) {
      targets = [];
      for (const specifier of this.recordOf(path)?.imports ?? []) {
        const target = this.graph.resolve(specifier, path);
        if (target && !targets.includes(target)) targets.push(target);
      }
      this.targets.set(path, targets);
    }
    return targets;
  }
}

/** Bundles and generated code: long lines, few of them. Scanning them finds the vendor's own code, not the app's. */
export function looksMinified(text: string): string | undefined {
  if (text.length < 4096) return undefined;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    lines++;
    longest = Math.max(longest, index - start);
    start = index + 1;
  }
  longest = Math.max(longest, text.length - start);
  const average = text.length / lines;
  if (average > 300 || longest > 20_000) {
    return `looks minified or generated (${lines} line${lines === 1 ? '' : 's'}, longest ${longest} characters)`;
  }
  return undefined;
}

/** The summary of a scan's flows; `info` gives each vendor's name and the policy's descriptive fields. */
export function summarize(flows: readonly Flow[], scanned: number, skipped: number, info: (vendor: string) => Omit<VendorSummary, 'calls' | 'categories' | 'violations'>): ScanSummary {
  const byVendor = new Map<string, VendorSummary>();
  let dataItems = 0;
  let violations = 0;
  let suppressed = 0;
  for (const flow of flows) {
    let summary = byVendor.get(flow.vendor);
    if (!summary) {
      const { vendor, name, ...described } = info(flow.vendor);
      summary = { vendor, name, calls: 0, categories: [], violations: 0, ...described };
      byVendor.set(flow.vendor, summary);
    }
    summary.calls++;
    for (const item of flow.data) {
      dataItems++;
      if (!summary.categories.includes(item.category)) summary.categories.push(item.category);
      if (item.verdict !== 'violation') continue;
      if (item.suppressed) {
        suppressed++;
      } else {
        summary.violations++;
        violations++;
      }
    }
  }
  const list = [...byVendor.values()].sort((a, b) => compareText(a.vendor, b.vendor));
  for (const summary of list) summary.categories.sort(compareText);
  return { filesScanned: scanned, filesSkipped: skipped, flows: flows.length, dataItems, violations, suppressed, vendors: list };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** Locale-independent ordering, so two machines produce byte-identical reports. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
