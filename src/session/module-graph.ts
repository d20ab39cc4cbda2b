import type * as TS from 'typescript';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import fg from 'fast-glob';
import { parseSource } from '../engine/parse';
import { ts } from '../engine/ts';
import { isInside } from '../model/paths';
import { boundedSystem, mayReadPath } from './boundary';

/** Files larger than this are not parsed to follow an import (the scanner skips them with a reason anyway). */
const MAX_IMPORTED_FILE_BYTES = 2 * 1024 * 1024;

const SOURCE_FILE = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;

interface CachedFile {
  sourceFile: TS.SourceFile | undefined;
  mtimeMs: number;
  size: number;
  /** When the file's time and size were last compared with the disk (Date.now()). */
  checkedAt: number;
}

/**
 * The app's own modules, seen from any file: resolves import specifiers the way the TypeScript
 * compiler does (relative paths, index files, tsconfig `paths` and `baseUrl`, `.js` imports of
 * `.ts` files) and parses each file once. Packages in node_modules are not followed: the catalog
 * says what they are. Never executes anything; only reads files.
 */
export class ModuleGraph {
  private readonly files = new Map<string, CachedFile>();
  private readonly options = new Map<string, TS.CompilerOptions>();
  private readonly resolutions = new Map<string, string | null>();
  private program: TS.Program | undefined;
  /**
   * Files besides the app's sources whose presence or content decided a resolution (tsconfig.json
   * and what it extends, package.json with workspaces, candidate paths of workspace packages): a
   * cache of resolutions is valid while these are unchanged.
   */
  readonly consulted = new Set<string>();

  /**
   * @param boundary Imports are followed only to files inside this folder (the repository being
   *   analysed); nothing outside it is read.
   * @param settled The files do not change while the graph lives (one scan): a file read once is
   *   not checked on disk again. Without it (an editor's ESLint), a use checks the file's time and
   *   size, unless they were checked less than `recheckMs` ago.
   * @param recheckMs Without `settled`, how long a file's time and size, once checked, are trusted.
   */
  constructor(
    private readonly boundary?: string,
    private readonly settled = false,
    private readonly recheckMs = 0,
  ) {}

  /** Whether what was read of a file and checked at `checkedAt` is used without looking at the disk again. */
  private trusted(checkedAt: number): boolean {
    return this.settled || Date.now() - checkedAt < this.recheckMs;
  }

  /** With a program, its source files are used (so that its type checker can answer about them). */
  useProgram(program: TS.Program | undefined): void {
    this.program = program;
    this.files.clear();
  }

  /** The file as the graph already parsed it, when its text is this one (so that a scanner does not parse it again). */
  parsed(absolutePath: string, text: string): TS.SourceFile | undefined {
    const sourceFile = this.files.get(absolutePath)?.sourceFile;
    return sourceFile && sourceFile.text === text ? sourceFile : undefined;
  }

  /** Hands the graph a file already parsed (the scanner's or ESLint's), so it is not parsed twice. */
  register(sourceFile: TS.SourceFile, absolutePath: string = sourceFile.fileName): void {
    const stat = safeStat(absolutePath);
    this.files.set(absolutePath, { sourceFile, mtimeMs: stat?.mtimeMs ?? 0, size: stat?.size ?? sourceFile.text.length, checkedAt: Date.now() });
  }

  /** Forgets a tree handed in with register (the caller's, which must not be kept past its use). */
  forget(absolutePath: string): void {
    this.files.delete(absolutePath);
  }

  /** The parsed file, re-read when it changed on disk (an editor session lints while files change). */
  sourceFile(absolutePath: string): TS.SourceFile | undefined {
    const fromProgram = this.program?.getSourceFile(absolutePath);
    if (fromProgram) return fromProgram;
    const cached = this.files.get(absolutePath);
    if (cached && this.trusted(cached.checkedAt)) return cached.sourceFile;
    const stat = safeStat(absolutePath);
    if (cached && (!stat || (cached.mtimeMs === stat.mtimeMs && cached.size === stat.size))) {
      cached.checkedAt = Date.now();
      return cached.sourceFile;
    }
    let sourceFile: TS.SourceFile | undefined;
    if (this.mayRead(absolutePath, stat) && SOURCE_FILE.test(absolutePath)) {
      try {
        sourceFile = parseSource(readFileSync(absolutePath, 'utf8').replace(/^\uFEFF/, ''), absolutePath);
      } catch {
        sourceFile = undefined; // Unreadable or too deeply nested: the import stays unknown.
      }
    }
    this.files.set(absolutePath, { sourceFile, mtimeMs: stat?.mtimeMs ?? 0, size: stat?.size ?? 0, checkedAt: Date.now() });
    return sourceFile;
  }

  private readonly texts = new Map<string, { text: string | null; mtimeMs: number; size: number; checkedAt: number }>();

  /** A file's text (for the import scan that decides what needs parsing), read again when it changed on disk. */
  text(absolutePath: string): string | undefined {
    const cached = this.texts.get(absolutePath);
    if (cached && this.trusted(cached.checkedAt)) return cached.text ?? undefined;
    const stat = safeStat(absolutePath);
    if (cached && cached.mtimeMs === (stat?.mtimeMs ?? 0) && cached.size === (stat?.size ?? 0)) {
      cached.checkedAt = Date.now();
      return cached.text ?? undefined;
    }
    let text: string | null;
    try {
      text = this.mayRead(absolutePath, stat) ? readFileSync(absolutePath, 'utf8') : null;
    } catch {
      text = null;
    }
    this.texts.set(absolutePath, { text, mtimeMs: stat?.mtimeMs ?? 0, size: stat?.size ?? 0, checkedAt: Date.now() });
    return text ?? undefined;
  }

  /** Imports are read only inside the boundary (the repository), and only up to a size. */
  private mayRead(absolutePath: string, stat: { size: number } | undefined): stat is { size: number } {
    return stat !== undefined && stat.size <= MAX_IMPORTED_FILE_BYTES && (!this.boundary || mayReadPath(this.boundary, absolutePath));
  }

  /** Every resolution made so far, for a cache: `${folder}\0${specifier}` to the file, or null for none. */
  resolutionTable(): [string, string | null][] {
    return [...this.resolutions];
  }

  /** Resolutions from a cache whose inputs (file list, `consulted` files) are unchanged. */
  seedResolutions(entries: Iterable<[string, string | null]>): void {
    for (const [key, target] of entries) this.resolutions.set(key, target);
  }

  /** The app source file an import specifier refers to, or undefined for packages and unresolvable specifiers. */
  resolve(specifier: string, fromFile: string): string | undefined {
    const key = `${dirname(fromFile)}\u0000${specifier}`;
    const cached = this.resolutions.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let found: string | undefined;
    const options = this.compilerOptionsFor(fromFile);
    // A bare specifier that no `paths` pattern or `baseUrl` maps can only resolve into node_modules,
    // which is not followed (the compiler marks whatever it finds there external, even a symbolic
    // link to a workspace package): the walk up every node_modules folder is skipped.
    const relative = specifier.startsWith('.') || specifier.startsWith('/');
    const mapped = relative || options.baseUrl !== undefined || (options.paths !== undefined && Object.keys(options.paths).some((pattern) => matchesPathPattern(specifier, pattern)));
    const resolved = mapped ? ts.resolveModuleName(specifier, fromFile, options, this.system, this.resolutionCacheFor(options)).resolvedModule : undefined;
    if (resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.endsWith('.d.ts') && SOURCE_FILE.test(resolved.resolvedFileName)) {
      found = resolve(resolved.resolvedFileName);
    }
    if (!found && !specifier.startsWith('.')) found = this.workspaceSource(specifier, fromFile);
    this.resolutions.set(key, found ?? null);
    return found;
  }

  /**
   * A package of the same monorepo (`@acme/analytics` in the root package.json's workspaces),
   * resolved to its source even when node_modules is absent or points at built .d.ts files.
   */
  private workspaceSource(specifier: string, fromFile: string): string | undefined {
    const packages = this.workspacePackages(dirname(fromFile));
    // The answer depends on the workspaces (one map per repository) and the specifier only.
    let bySpecifier = this.workspaceSources.get(packages);
    if (!bySpecifier) this.workspaceSources.set(packages, (bySpecifier = new Map()));
    if (bySpecifier.has(specifier)) return bySpecifier.get(specifier) ?? undefined;
    const found = this.findWorkspaceSource(specifier, packages);
    bySpecifier.set(specifier, found ?? null);
    return found;
  }

  private readonly workspaceSources = new Map<ReadonlyMap<string, string>, Map<string, string | null>>();

  private findWorkspaceSource(specifier: string, packages: ReadonlyMap<string, string>): string | undefined {
    for (const [name, directory] of packages) {
      if (specifier !== name && !specifier.startsWith(`${name}/`)) continue;
      const subpath = specifier.slice(name.length + 1);
      const manifest = this.readJson(join(directory, 'package.json'));
      // `exports` first (subpaths and conditions, as Node and bundlers read it), then the older fields.
      const exported = exportTargets(manifest?.['exports'], subpath ? `./${subpath}` : '.');
      const entries = subpath
        ? [...exported, subpath, `src/${subpath}`]
        : [...exported, manifest?.['source'], manifest?.['types'], manifest?.['typings'], manifest?.['module'], manifest?.['main'], 'src/index', 'index'].filter((entry): entry is string => typeof entry === 'string');
      for (const entry of entries) {
        const candidates = [entry, entry.replace(/(^|\/)dist\//, '$1src/'), entry.replace(/(^|\/)(dist|lib|build)\//, '$1src/')]
          .map((candidate) => candidate.replace(/\.d\.[cm]?ts$|\.[cm]?js$/, ''))
          .flatMap((base) => [base, ...['.ts', '.tsx', '.mts', '.js', '.jsx', '.mjs', '/index.ts', '/index.tsx', '/index.js'].map((extension) => base + extension)]);
        for (const candidate of candidates) {
          const path = resolve(directory, candidate);
          if (!SOURCE_FILE.test(path) || /\.d\.[cm]?ts$/.test(path) || !this.inside(path)) continue;
          this.consulted.add(path);
          if (safeStat(path)) return path;
        }
      }
    }
    return undefined;
  }

  /** Whether a path is inside the boundary (the repository): nothing outside it is read. */
  private inside(path: string): boolean {
    return !this.boundary || isInside(this.boundary, path);
  }

  private readonly manifests = new Map<string, Record<string, unknown> | undefined>();

  /** A package.json (or other JSON file) read once per graph, as resolutions are kept once made. */
  private readJson(path: string): Record<string, unknown> | undefined {
    this.consulted.add(path);
    if (!this.manifests.has(path)) this.manifests.set(path, readJson(path));
    return this.manifests.get(path);
  }

  private readonly workspaces = new Map<string, ReadonlyMap<string, string>>();

  /** The compiler's view of the file system, limited to the boundary (module resolution probes nothing outside). */
  private get system(): TS.System {
    return (this.bounded ??= this.boundary ? boundedSystem(this.boundary) : ts.sys);
  }

  private bounded: TS.System | undefined;

  /**
   * Package name to folder for the workspaces of the nearest folder above that declares some: the
   * `workspaces` of its package.json (npm, yarn, bun) or the `packages` of its pnpm-workspace.yaml.
   * Packages outside the boundary are not read.
   */
  private workspacePackages(start: string): ReadonlyMap<string, string> {
    const cached = this.workspaces.get(start);
    if (cached) return cached;
    let packages: ReadonlyMap<string, string> = new Map();
    const passed: string[] = [];
    for (let directory = start; ; directory = dirname(directory)) {
      const known = this.workspaces.get(directory);
      if (known) {
        packages = known;
        break;
      }
      passed.push(directory);
      const patterns = this.workspacePatterns(directory);
      if (patterns) {
        const found = new Map<string, string>();
        packages = found;
        const manifests = fg.sync(
          patterns.filter((pattern) => !pattern.startsWith('!') && !isAbsolute(pattern) && !pattern.split('/').includes('..')).map((pattern) => `${pattern.replace(/^\.\//, '').replace(/\/$/, '')}/package.json`),
          { cwd: directory, absolute: true, followSymbolicLinks: false, ignore: ['**/node_modules/**', ...patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => `${pattern.slice(1).replace(/\/$/, '')}/**`)], suppressErrors: true },
        );
        for (const path of manifests.sort()) {
          if (!this.inside(path)) continue;
          const name = this.readJson(path)?.['name'];
          if (typeof name === 'string' && !found.has(name)) found.set(name, dirname(path));
        }
        break;
      }
      if (dirname(directory) === directory || (this.boundary && resolve(directory) === resolve(this.boundary))) break;
    }
    for (const directory of passed) this.workspaces.set(directory, packages);
    return packages;
  }

  /** The workspace globs a folder declares, if any. */
  private workspacePatterns(directory: string): string[] | undefined {
    const declared = this.readJson(join(directory, 'package.json'))?.['workspaces'];
    const fromManifest = Array.isArray(declared) ? declared : Array.isArray((declared as { packages?: unknown })?.packages) ? (declared as { packages: unknown[] }).packages : undefined;
    if (fromManifest) return fromManifest.filter((pattern): pattern is string => typeof pattern === 'string');
    const pnpm = join(directory, 'pnpm-workspace.yaml');
    this.consulted.add(pnpm);
    const stat = safeStat(pnpm);
    if (!stat || stat.size > 1024 * 1024) return undefined;
    try {
      const packages = (parseYaml(readFileSync(pnpm, 'utf8'), { maxAliasCount: 100 }) as { packages?: unknown } | null)?.packages;
      return Array.isArray(packages) ? packages.filter((pattern): pattern is string => typeof pattern === 'string') : undefined;
    } catch {
      return undefined; // A pnpm-workspace.yaml pnpm itself could not read declares nothing here.
    }
  }

  /**
   * Compiler options for resolving imports of a file: the nearest tsconfig.json or jsconfig.json
   * (with its `extends`), resolved in Bundler mode, which accepts what app code writes.
   */
  private compilerOptionsFor(file: string): TS.CompilerOptions {
    const directory = dirname(file);
    const cached = this.options.get(directory);
    if (cached) return cached;
    const config = findConfig(directory, (candidate) => this.consulted.add(candidate), this.boundary);
    const shared = this.optionsByConfig.get(config ?? '');
    if (shared) {
      this.options.set(directory, shared);
      return shared;
    }
    let options: TS.CompilerOptions = {};
    if (config) {
      // A tsconfig (or what it `extends`) outside the repository is not read: the bounded system says so.
      const system = this.system;
      const readFile = (path: string): string | undefined => {
        this.consulted.add(resolve(path));
        return system.readFile(path);
      };
      const read = ts.readConfigFile(config, readFile);
      // Only the options: a host that lists no files keeps the compiler from walking the whole tree for `include`.
      if (!read.error) options = ts.parseJsonConfigFileContent(read.config, { ...system, readFile, readDirectory: () => [] }, dirname(config), undefined, config).options;
    }
    const resolved: TS.CompilerOptions = {
      ...options,
      allowJs: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      resolveJsonModule: false,
    };
    this.options.set(directory, resolved);
    this.optionsByConfig.set(config ?? '', resolved);
    return resolved;
  }

  /** Compiler options per tsconfig.json (one object for every folder it covers), and TypeScript's resolution cache per options. */
  private readonly optionsByConfig = new Map<string, TS.CompilerOptions>();
  private readonly resolutionCaches = new Map<TS.CompilerOptions, TS.ModuleResolutionCache>();

  private resolutionCacheFor(options: TS.CompilerOptions): TS.ModuleResolutionCache {
    let cache = this.resolutionCaches.get(options);
    if (!cache) {
      cache = ts.createModuleResolutionCache(ts.sys.getCurrentDirectory(), (fileName) => (ts.sys.useCaseSensitiveFileNames ? fileName : fileName.toLowerCase()), options);
      this.resolutionCaches.set(options, cache);
    }
    return cache;
  }
}

/** Whether a tsconfig `paths` key (`@/*`, `~lib`, at most one `*`) maps a specifier. */
function matchesPathPattern(specifier: string, pattern: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return specifier === pattern;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
}

/**
 * The folder of the repository that holds `start`: the nearest one with .git, else the nearest
 * folder that declares workspaces (package.json `workspaces`, pnpm-workspace.yaml), else `start`
 * itself. Imports are followed inside it.
 */
export function repositoryRoot(start: string): string {
  let workspaces: string | undefined;
  for (let directory = resolve(start); ; directory = dirname(directory)) {
    if (existsSync(join(directory, '.git'))) return directory;
    if (!workspaces && (readJson(join(directory, 'package.json'))?.['workspaces'] || existsSync(join(directory, 'pnpm-workspace.yaml')))) workspaces = directory;
    if (dirname(directory) === directory) return workspaces ?? resolve(start);
  }
}

/** The nearest tsconfig.json or jsconfig.json from `start` up, not above the boundary. */
function findConfig(start: string, probe: (path: string) => void, boundary: string | undefined): string | undefined {
  const exists = (path: string): boolean => {
    probe(path);
    return existsSync(path);
  };
  for (let directory = start; ; directory = dirname(directory)) {
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const candidate = join(directory, name);
      if (exists(candidate)) return candidate;
    }
    if (exists(join(directory, 'package.json')) && exists(join(directory, 'node_modules'))) return undefined;
    if (dirname(directory) === directory || (boundary !== undefined && resolve(directory) === resolve(boundary))) return undefined;
  }
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function safeStat(path: string): { mtimeMs: number; size: number } | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a package's `exports` maps a subpath (`.`, `./server`) to, every condition's target in order
 * of preference (source first, types last: the source is what the analysis wants), with `*` patterns.
 */
export function exportTargets(exports: unknown, subpath: string): string[] {
  if (exports === undefined || exports === null) return [];
  const map = typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports).some((key) => key.startsWith('.')) ? (exports as Record<string, unknown>) : { '.': exports };
  let target = map[subpath];
  let star: string | undefined;
  if (target === undefined) {
    // The longest matching pattern key wins (`./*`, `./features/*.ts`).
    const patterns = Object.keys(map).filter((key) => key.includes('*')).sort((a, b) => b.length - a.length);
    for (const key of patterns) {
      const [prefix, suffix = ''] = key.split('*', 2) as [string, string?];
      if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= prefix.length + suffix.length) {
        target = map[key];
        star = subpath.slice(prefix.length, subpath.length - suffix.length);
        break;
      }
    }
  }
  const targets: string[] = [];
  const collect = (value: unknown, depth: number): void => {
    if (depth > 8) return;
    if (typeof value === 'string') targets.push(star === undefined ? value : value.split('*').join(star));
    else if (Array.isArray(value)) for (const entry of value) collect(entry, depth + 1);
    else if (value && typeof value === 'object') {
      const conditions = value as Record<string, unknown>;
      const preferred = ['source', 'development', 'import', 'module', 'browser', 'node', 'react-native', 'require', 'default', 'types'];
      const keys = [...preferred.filter((key) => key in conditions), ...Object.keys(conditions).filter((key) => !preferred.includes(key))];
      for (const key of keys) collect(conditions[key], depth + 1);
    }
  };
  collect(target, 0);
  return [...new Set(targets)];
}
