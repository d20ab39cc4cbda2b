import type * as TS from 'typescript';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ScanCache, contentHash, type CacheStats, type CachedOutcome, type ImportsNotResolved } from './cache';
import { AnalysisSession, DEFAULT_MAX_FILE_MS, ModuleGraph, locateImports, repositoryRoot, scanImports, type Catalog, type FileAnalysis, type LoadedPolicy } from '../session/index';
import { isInside } from '../model/paths';
import { describeIoError, didYouMean, PiiflowUserError } from '../model/errors';
import { compareFlows, compareProblems, compareText } from '../model/order';
import { summarize, type VendorInfo } from '../model/verdicts';
import { groupSelfHosted } from '../model/endpoints';
import { DISCOVERY_BUDGET_FACTOR, discoverSources } from './files';
import { looksMinified } from './limits';
import type { Flow, Problem, ScanResult, SkippedFile, UnresolvedImport } from '../model/result';
import { TOOL_VERSION } from '../model/version';

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
  /**
   * How long file discovery (walking folders, .gitignore files, --exclude) may take in all; default
   * DISCOVERY_BUDGET_FACTOR times maxFileMs (60 s). Folders not listed by then are in `skipped`.
   */
  maxDiscoveryMs?: number;
  /**
   * A tree with no file to analyse gives an empty result instead of an error (the tree of a
   * `--since` ref, where the folder may not hold code yet).
   */
  allowNothing?: boolean;
  /**
   * Files not to report on, besides the policy's `exclude:`: gitignore-style globs relative to
   * `cwd` (`src/generated/**`). Imports into them are still followed.
   */
  exclude?: string[];
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Scans files and folders for personal data reaching third-party SDKs and judges each item
 * against the policy. Throws PiiflowUserError for bad input (missing path, malformed policy);
 * files that cannot be analysed are listed in `skipped`, never dropped silently.
 */
export function scan(options: ScanOptions = {}): ScanResult {
  refuseUnknownOptions(options);
  if (options.cache !== undefined && options.types) {
    throw new PiiflowUserError('--cache and --types cannot be combined yet', undefined, 'the type checker reads the whole program on every run; scan with one or the other');
  }
  const cwd = options.cwd ?? process.cwd();
  if (options.maxDiscoveryMs !== undefined && !(options.maxDiscoveryMs > 0)) {
    throw new PiiflowUserError(`maxDiscoveryMs takes a positive number of milliseconds, not ${String(options.maxDiscoveryMs)}`, undefined, `leave it out for ${DISCOVERY_BUDGET_FACTOR} times maxFileMs`);
  }
  const discoveryMs = options.maxDiscoveryMs ?? DISCOVERY_BUDGET_FACTOR * (options.maxFileMs ?? DEFAULT_MAX_FILE_MS);
  const budget = { deadline: Date.now() + discoveryMs, describe: `${Number((discoveryMs / 1000).toFixed(3))} s` };
  const discovered = discoverSources(options.paths ?? [], cwd, { followSymlinks: options.followSymlinks, allowNothing: options.allowNothing, budget, ...(options.exclude ? { exclude: options.exclude } : {}) });
  const { root } = discovered;
  // A shard scans its part of the files; imports are still followed into every file of the repository.
  const inShard = options.shard ? (display: string) => shardOf(display, options.shard!.count) === options.shard!.index - 1 : () => true;
  const passedOver = discovered.passedOver.filter((entry) => inShard(entry.display));
  // One session for the scan: every file answers to the nearest policy above it (as in the ESLint
  // rule; --policy overrides all), and imports between files are parsed once and followed.
  const session = new AnalysisSession({
    cwd,
    displayRoot: root,
    boundary: repositoryRoot(root),
    settled: true,
    // A wrapper outside the scanned folder (another workspace package) is not reported on its own.
    reportsOn: (path) => isInside(root, path),
    ...(options.rulesDir !== undefined ? { rulesDir: options.rulesDir } : {}),
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
    ...(options.noPolicy ? { noPolicy: true } : {}),
    ...(options.maxFileMs !== undefined ? { maxFileMs: options.maxFileMs } : {}),
  });
  // The policy's exclude: (gitignore-style globs relative to it) drops files from the report; imports into them are still followed.
  const files = discovered.files.filter((file) => inShard(file.display) && !session.excluded(file.absolute));
  const rootPolicy = session.policyFor(root);
  if (files.length === 0 && discovered.files.length > 0 && !options.shard && !options.allowNothing) {
    throw new PiiflowUserError(`nothing to scan: all ${discovered.files.length} JavaScript or TypeScript file${discovered.files.length === 1 ? ' is' : 's are'} excluded by exclude: in the policy`, rootPolicy.path ? { file: session.display(rootPolicy.path) } : undefined, 'check its exclude: globs (gitignore-style, relative to the policy file)');
  }
  const used = new Set<LoadedPolicy>();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;

  const flows: Flow[] = [];
  const selfHosted: FileAnalysis['selfHosted'] = [];
  const skipped: SkippedFile[] = passedOver.map((entry) => ({ file: entry.display, reason: entry.reason }));
  const problems: Problem[] = [];
  let scanned = 0;
  const unresolvedImports: UnresolvedImport[] = [];
  options.onDiscovered?.(files.map((file) => file.absolute));
  const cache = options.cache !== undefined ? ScanCache.open(options.cache, cacheKey(session.bundled, maxBytes)) : undefined;
  const paths = files.map((file) => file.absolute);
  if (cache) session.graph.seedResolutions(cache.validResolutions(paths));
  // Cheap checks first (size, binary, minified), so that nothing is parsed at length for nothing;
  // with a cache, a file whose size and modification time are unchanged is not even read.
  // A bundle that names an SDK is analysed all the same: its calls are flows to report.
  const namesSdk = (text: string): boolean => session.bundled.prefilter.test(text);
  const sources = files.map((file) => observeSource(file.absolute, maxBytes, cache, namesSdk));
  const textOf = (index: number): { text: string } | { reason: string } => {
    const source = sources[index]!;
    if (!source.content) source.content = readSource(files[index]!.absolute, maxBytes, namesSdk).content;
    return source.content;
  };
  if (options.types) {
    // The type checker needs only the files that can reach an SDK (it reads what they import itself).
    const reaching = files.filter((file, index) => {
      const content = textOf(index);
      return 'text' in content && session.needsAnalysis(file.absolute, content.text);
    });
    session.useTypes(root, reaching.map((file) => file.absolute));
  }
  const dependencies = cache ? new DependencyKeys(root, session.graph, cache, paths, sources.map((source) => source.record)) : undefined;
  files.forEach((file, index) => {
    const source = sources[index]!;
    const policy = session.policyFor(dirname(file.absolute));
    const key = dependencies && source.record ? dependencies.keyOf(index, session.findKey(policy)) : undefined;
    let outcome = key !== undefined ? cache!.outcome(file.absolute, key) : undefined;
    if (!outcome) {
      const content = textOf(index);
      let fresh: CachedOutcome | { transient: string };
      if ('reason' in content) {
        fresh = source.notSource ? { kind: 'not-source', reason: content.reason } : { transient: content.reason };
      } else {
        const analysed = session.analyze(file.absolute, content.text);
        fresh = analysed.kind === 'not-analysed' ? { transient: analysed.reason } : analysed.kind === 'found' ? { kind: 'found', found: analysed.found } : analysed;
        // Kept with the outcome, so that a scan the cache answers needs no resolution (nor the compiler) for them.
        if ('kind' in fresh && (fresh.kind === 'found' || fresh.kind === 'quiet')) {
          const missing = unresolvedIn(file.absolute, content.text, session.graph);
          if (missing.length) fresh = { ...fresh, unresolved: missing };
        }
      }
      if (key !== undefined) cache!.store(file.absolute, key, 'kind' in fresh ? fresh : undefined);
      if ('transient' in fresh) skipped.push({ file: file.display, reason: fresh.transient });
      else outcome = fresh;
    }
    if (outcome?.kind === 'not-source') {
      skipped.push({ file: file.display, reason: outcome.reason });
    } else if (outcome?.kind === 'syntax-error') {
      skipped.push({ file: file.display, reason: `syntax error: ${outcome.message}`, line: outcome.line, column: outcome.column });
    } else if (outcome) {
      used.add(policy);
      if (outcome.kind === 'found') {
        const judged = session.judge(outcome.found, file.absolute, policy);
        flows.push(...judged.flows);
        selfHosted.push(...judged.selfHosted);
        for (const problem of judged.problems) problems.push({ file: file.display, line: problem.line, column: problem.column, message: problem.message, ...(problem.severity ? { severity: problem.severity } : {}) });
      }
      scanned++;
      for (const entry of outcome.unresolved ?? []) unresolvedImports.push({ file: file.display, ...entry });
    }
    options.onFile?.(index + 1, files.length);
  });
  if (cache) {
    cache.save(paths, session.graph.resolutionTable(), session.graph.consulted, dependencies!.recorded());
    options.onCache?.(cache.stats);
  }

  flows.sort(compareFlows);
  // An unused ignore is reported only when the scan covered everything the policy governs: one
  // whole folder was scanned, and the policy sits in it or below (or was given with --policy).
  const wholeFolder = !options.paths?.length || (options.paths.length === 1 && resolve(cwd, options.paths[0]!) === root);
  const policies = options.policy !== undefined ? [rootPolicy] : [...new Set([rootPolicy, ...used])];
  // A shard cannot tell an unused ignore alone: it lists those it did not use, and `piiflow merge`
  // reports the ones no shard used.
  const unusedInShard: Problem[] = [];
  for (const policy of policies) {
    if (!policy.path) continue;
    const governsOnlyScanned = options.policy !== undefined || !relative(root, dirname(policy.path)).startsWith('..');
    for (const { kind, ...problem } of session.policyProblems(policy, wholeFolder && governsOnlyScanned)) {
      (kind === 'unused' && options.shard ? unusedInShard : problems).push(problem);
    }
  }
  problems.sort(compareProblems);
  skipped.sort((a, b) => compareText(a.file, b.file));
  const policyFiles = [...used].flatMap((policy) => (policy.path ? [session.display(policy.path)] : []));
  return {
    version: 1,
    tool: { name: 'piiflow', version: TOOL_VERSION },
    policy: rootPolicy.path ? session.display(rootPolicy.path) : null,
    policies: [...new Set(policyFiles)].sort(compareText),
    flows,
    skipped,
    problems,
    ...(selfHosted.length ? { selfHosted: groupSelfHosted(selfHosted) } : {}),
    summary: summarize(flows, scanned, skipped.length, vendorInfo(session, rootPolicy)),
    ...(unresolvedImports.length ? { unresolvedImports: unresolvedImports.sort(compareUnresolved) } : {}),
    ...(options.shard ? { shard: { index: options.shard.index, count: options.shard.count, unusedIgnores: unusedInShard.sort(compareProblems) } } : {}),
  };
}

/**
 * The imports of an analysed file that lead to no file (see ModuleGraph.unresolvedReason). The
 * specifiers come from the cheap import scan; only a file with one that leads nowhere is scanned
 * again by the compiler's scanner, to find where each stands.
 */
function unresolvedIn(path: string, text: string, graph: ModuleGraph): NonNullable<ImportsNotResolved['unresolved']> {
  const reasons = new Map<string, string>();
  for (const specifier of new Set(scanImports(text))) {
    const reason = graph.unresolvedReason(specifier, path);
    if (reason) reasons.set(specifier, reason);
  }
  if (reasons.size === 0) return [];
  return locateImports(text).flatMap(({ specifier, position }) => {
    const reason = reasons.get(specifier);
    if (!reason) return [];
    const before = text.slice(0, position);
    const lineStart = before.lastIndexOf('\n') + 1;
    return [{ line: before.split('\n').length, column: position - lineStart + 1, specifier, reason }];
  });
}

function compareUnresolved(a: UnresolvedImport, b: UnresolvedImport): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column;
}

/** Every option scan() reads: another key is a mistake (`polcy`), refused rather than ignored. */
const SCAN_OPTIONS: readonly (keyof ScanOptions)[] = [
  'paths', 'cwd', 'policy', 'maxFileBytes', 'rulesDir', 'onDiscovered', 'onFile', 'cache', 'onCache', 'shard', 'types', 'noPolicy', 'followSymlinks', 'maxFileMs', 'maxDiscoveryMs', 'allowNothing', 'exclude',
];

function refuseUnknownOptions(options: ScanOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new PiiflowUserError('scan() takes an options object', undefined, `options: ${SCAN_OPTIONS.join(', ')}`);
  for (const key of Object.keys(options)) {
    if ((SCAN_OPTIONS as readonly string[]).includes(key)) continue;
    const suggestion = didYouMean(key, SCAN_OPTIONS);
    throw new PiiflowUserError(`unknown scan() option "${key}"`, undefined, suggestion ? `did you mean "${suggestion}"?` : `options: ${SCAN_OPTIONS.join(', ')}`);
  }
}

/** Which of `count` shards a file belongs to: a hash of its path from the scanned folder, the same on every machine. */
export function shardOf(display: string, count: number): number {
  return createHash('sha1').update(display).digest().readUInt32BE(0) % count;
}

/** A vendor's name and the root policy's descriptive fields for it, as the summary shows them. */
function vendorInfo(session: AnalysisSession, policy: LoadedPolicy): VendorInfo {
  return (vendor) => {
    const rule = policy.policy.vendors?.[vendor];
    return {
      vendor,
      name: session.vendorName(vendor) ?? vendor,
      ...(rule?.purpose ? { purpose: rule.purpose } : {}),
      ...(rule?.legalBasis ? { legalBasis: rule.legalBasis } : {}),
      ...(rule?.retention ? { retention: rule.retention } : {}),
      ...(rule?.region ? { region: rule.region } : {}),
    };
  };
}

/** The file's text, or why it is not analysed. Checks are cheap and come before any parse. */
function readSource(path: string, maxBytes: number, namesSdk: (text: string) => boolean): Source & { content: NonNullable<Source['content']> } {
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
  const minified = looksMinified(text, { namesSdk });
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
function observeSource(path: string, maxBytes: number, cache: ScanCache | undefined, namesSdk: (text: string) => boolean): Source {
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
  const source = readSource(path, maxBytes, namesSdk);
  if (cache && source.buffer && source.stat) {
    const text = source.content && 'text' in source.content ? source.content.text : undefined;
    source.record = cache.observe(path, source.stat, contentHash(source.buffer), () => (text !== undefined ? scanImports(text) : []));
  }
  delete source.buffer;
  return source;
}

/** The cache's key: piiflow's version and code, the catalog in use and the size limit. */
function cacheKey(catalog: Catalog, maxBytes: number): string {
  const hash = createHash('sha1').update(`${TOOL_VERSION}\u0000${maxBytes}\u0000${catalog.fingerprint}\u0000`);
  // In a development checkout the version stays while the code changes: the engine's files are part of the key.
  for (const name of engineFiles()) {
    const stat = statSync(join(__dirname, '..', name));
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

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}


/** piiflow's compiled files, every layer (relative to the package's build folder), in a stable order. */
function engineFiles(): string[] {
  const base = join(__dirname, '..');
  return readdirSync(base, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? readdirSync(join(base, entry.name)).map((name) => `${entry.name}/${name}`) : [entry.name]))
    .sort();
}
