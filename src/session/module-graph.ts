import type * as TS from 'typescript';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import fg from 'fast-glob';
import { parseSource } from '../engine/parse';
import { ts } from '../engine/ts';
import { isInside } from '../model/paths';
import { readRegularText } from '../model/read-file';
import { boundedSystem, mayReadPath, realOrSelf } from './boundary';
import { BUNDLER_CONFIG_FILES, bundlerAliases } from './bundler-aliases';

/** Files larger than this are not parsed to follow an import (the scanner skips them with a reason anyway). */
const MAX_IMPORTED_FILE_BYTES = 2 * 1024 * 1024;

/** The class-hierarchy index reads at most this many files of a repository. */
const MAX_INDEXED_FILES = 20_000;

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

  /**
   * Keeps at most `limit` parsed modules, the most recently used (an editor's ESLint lints thousands
   * of files in one process; each tree is several times its text). The others are dropped, each told
   * to `onDrop` (the session drops what was learnt of it, which holds its tree); a module used again
   * is parsed again. Called between two files, never during an analysis.
   */
  trim(limit: number, onDrop: (absolutePath: string) => void): void {
    if (this.files.size <= limit) return;
    for (const path of this.files.keys()) {
      if (this.files.size <= limit) break;
      this.files.delete(path);
      onDrop(path);
    }
  }

  /** How many parsed modules the graph keeps (see trim). */
  get parsedCount(): number {
    return this.files.size;
  }

  /** The parsed file, re-read when it changed on disk (an editor session lints while files change). */
  sourceFile(absolutePath: string): TS.SourceFile | undefined {
    const fromProgram = this.program?.getSourceFile(absolutePath);
    if (fromProgram) return fromProgram;
    const cached = this.files.get(absolutePath);
    // The most recently used last (trim drops from the front).
    if (cached && !this.settled) {
      this.files.delete(absolutePath);
      this.files.set(absolutePath, cached);
    }
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
    return stat !== undefined && stat.size <= MAX_IMPORTED_FILE_BYTES && this.readable(absolutePath, true);
  }

  /** mayReadPath against the boundary, whose own real path is resolved once (`exists`: the caller just stat'ed the path). */
  private readable(path: string, exists?: boolean): boolean {
    if (!this.boundary) return true;
    this.realBoundary ??= realOrSelf(this.boundary);
    return mayReadPath(this.boundary, path, this.realBoundary, exists);
  }

  private realBoundary: string | undefined;

  /**
   * Files of the repository that declare a class implementing or extending `name` (`class SegmentWriter implements
   * AnalyticsWriter`), for calls on a receiver typed with an interface or an abstract class. The index is built once,
   * on first use, from a text search of the repository's sources (node_modules and build output left out, at most
   * MAX_INDEXED_FILES files, each within the import size limit); without a boundary there is no repository to search.
   */
  implementers(name: string): readonly string[] {
    if (!this.boundary) return [];
    if (!this.classIndex) this.classIndex = this.buildClassIndex(this.boundary);
    return this.classIndex.get(name) ?? [];
  }

  private classIndex: Map<string, string[]> | undefined;

  private buildClassIndex(boundary: string): Map<string, string[]> {
    const index = new Map<string, string[]>();
    // Symbolic links are neither followed nor read: every file listed is inside the boundary as it
    // is on disk, without a realpath of each (the index reads thousands of files).
    const entries = fg.sync('**/*.{ts,tsx,mts,cts}', {
      cwd: boundary,
      absolute: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      objectMode: true,
      ignore: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/out/**', '**/.next/**', '**/*.d.ts', '**/*.test.*', '**/*.spec.*', '**/__tests__/**'],
    });
    const files = entries
      .filter((entry) => !entry.dirent.isSymbolicLink())
      .map((entry) => entry.path)
      .sort();
    const heritage = /\bclass\s+[A-Za-z_$][\w$]*(?:\s*<[^{]*?>)?\s+((?:extends|implements)\b[^{]*)\{/g;
    for (const file of files.slice(0, MAX_INDEXED_FILES)) {
      // Read, not kept: the index holds names and paths only (an editor's process lives long).
      let text: string | undefined;
      try {
        text = this.texts.get(file)?.text ?? readRegularText(file, { maxBytes: MAX_IMPORTED_FILE_BYTES });
      } catch {
        text = undefined; // Not a regular file, over the size limit or unreadable: no classes from it.
      }
      if (!text || !/\b(?:implements|extends)\b/.test(text)) continue;
      for (const match of text.matchAll(heritage)) {
        for (const named of match[1]!.replace(/<[^<>]*>/g, '').matchAll(/\b(?:extends|implements)\s+([^{]+)/g)) {
          for (const part of named[1]!.split(/,|\b(?:extends|implements)\b/)) {
            const word = /([A-Za-z_$][\w$]*)\s*$/.exec(part.trim())?.[1];
            if (!word) continue;
            const list = index.get(word) ?? [];
            if (!list.includes(file)) list.push(file);
            index.set(word, list);
          }
        }
      }
    }
    return index;
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
    const quick = relative ? this.relativeFromListing(specifier, fromFile, options) : undefined;
    if (quick !== undefined) {
      this.resolutions.set(key, quick);
      return quick ?? undefined;
    }
    const resolved = mapped ? ts.resolveModuleName(specifier, fromFile, options, this.system, this.resolutionCacheFor(options)).resolvedModule : undefined;
    if (resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.endsWith('.d.ts') && SOURCE_FILE.test(resolved.resolvedFileName)) {
      found = resolve(resolved.resolvedFileName);
    }
    if (!found && !specifier.startsWith('.')) found = this.workspaceSource(specifier, fromFile);
    this.resolutions.set(key, found ?? null);
    return found;
  }

  /**
   * The compiler's answer for a relative specifier without an extension (`./user-service`, the most common import),
   * from the listing of its folder (read once) instead of a probe per candidate: the first of `.ts`, `.tsx`, `.d.ts`,
   * `.js`, `.jsx` there (null for a declaration file, which is no source). Undefined when the listing cannot decide
   * (no such file, a symbolic link, a name with a dot, options that change the candidates): the compiler decides.
   */
  private relativeFromListing(specifier: string, fromFile: string, options: TS.CompilerOptions): string | null | undefined {
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
    if (options.moduleSuffixes?.length || options.rootDirs?.length) return undefined;
    const base = resolve(dirname(fromFile), specifier);
    const name = basename(base);
    // A path into node_modules is a package's file, external to the compiler.
    if (name === '' || name.includes('.') || specifier.endsWith('/') || base.split(sep).includes('node_modules')) return undefined;
    const folder = dirname(base);
    const entries = this.listing(folder);
    if (!entries) return undefined;
    const links = this.links.get(folder);
    for (const extension of ['.ts', '.tsx', '.d.ts', '.js', '.jsx']) {
      const entry = entries.get(name + extension);
      if (entry === undefined || entry) continue; // absent, or a folder named like a file
      if (links?.has(name + extension)) return undefined;
      return extension === '.d.ts' ? null : join(folder, name + extension);
    }
    return undefined;
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
          // Most candidates do not exist: the folder's listing (read once) says so without a stat each.
          if (this.listing(dirname(path))?.get(basename(path)) !== false) continue;
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
    return (this.bounded ??= this.settledSystem(this.boundary ? boundedSystem(this.boundary) : ts.sys));
  }

  /**
   * With `settled` (one scan, files do not change), whether a path is a file or a folder is asked of
   * the disk once: module resolution probes the same folders and candidates for every importing folder.
   */
  private settledSystem(system: TS.System): TS.System {
    if (!this.settled) return system;
    const files = new Map<string, boolean>();
    const folders = new Map<string, boolean>();
    const remembered = (known: Map<string, boolean>, path: string, ask: (path: string) => boolean): boolean => {
      let answer = known.get(path);
      if (answer === undefined) known.set(path, (answer = ask(path)));
      return answer;
    };
    return {
      ...system,
      fileExists: (path) => remembered(files, path, (file) => system.fileExists(file)),
      directoryExists: (path) => remembered(folders, path, (folder) => system.directoryExists(folder)),
    };
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
    const bundlerConfigs = this.bundlerConfigs(directory);
    const key = `${config ?? ''}\u0000${bundlerConfigs.join('\u0000')}`;
    const shared = this.optionsByConfig.get(key);
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
      // A base config that many packages extend (tsconfig.base.json) is read and parsed once.
      if (!read.error) options = ts.parseJsonConfigFileContent(read.config, { ...system, readFile, readDirectory: () => [] }, dirname(config), undefined, config, undefined, undefined, this.extendedConfigs).options;
    }
    const paths = { ...options.paths };
    const base = options.baseUrl ?? (options as { pathsBasePath?: string }).pathsBasePath ?? (config ? dirname(config) : directory);
    // tsconfig's own entries are made absolute (the aliases below are), and win over a bundler's.
    for (const [pattern, targets] of Object.entries(paths)) paths[pattern] = targets.map((target) => resolve(base, target));
    for (const configFile of bundlerConfigs) {
      const text = this.system.readFile(configFile);
      if (text === undefined || text.length > MAX_CONFIG_BYTES) continue;
      for (const alias of bundlerAliases(configFile, text)) {
        // An alias to a folder outside the repository leads nowhere piiflow reads.
        if (!this.inside(alias.target)) continue;
        const patterns = alias.exact ? [[alias.key, alias.target]] : [[alias.key, alias.target], [`${alias.key}/*`, `${alias.target}/*`]];
        for (const [pattern, target] of patterns) if (!(pattern! in paths)) paths[pattern!] = [target!];
      }
    }
    const resolved: TS.CompilerOptions = {
      ...options,
      ...(Object.keys(paths).length ? { paths } : {}),
      allowJs: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      resolveJsonModule: false,
    };
    this.options.set(directory, resolved);
    this.optionsByConfig.set(key, resolved);
    return resolved;
  }

  /**
   * The bundler configurations (vite.config.ts, webpack.config.js ...) beside the nearest
   * package.json from `start` up (the app's own folder), or in the boundary's folder when no
   * package.json is met.
   */
  private bundlerConfigs(start: string): readonly string[] {
    const passed: string[] = [];
    let found: readonly string[] = [];
    for (let directory = start; ; directory = dirname(directory)) {
      const known = this.bundlerConfigsByFolder.get(directory);
      if (known) {
        found = known;
        break;
      }
      passed.push(directory);
      const manifest = join(directory, 'package.json');
      this.consulted.add(manifest);
      const top = dirname(directory) === directory || (this.boundary !== undefined && resolve(directory) === resolve(this.boundary));
      if (safeStat(manifest) || top) {
        found = BUNDLER_CONFIG_FILES.map((name) => join(directory, name)).filter((candidate) => {
          this.consulted.add(candidate);
          return safeStat(candidate) !== undefined && this.readable(candidate, true);
        });
        break;
      }
    }
    for (const directory of passed) this.bundlerConfigsByFolder.set(directory, found);
    return found;
  }

  private readonly bundlerConfigsByFolder = new Map<string, readonly string[]>();

  /**
   * Why an import of the app's own code leads to no file, or undefined when it resolves or is not
   * such an import. An app import is a relative path (`./user`, `../types`), a specifier a tsconfig
   * `paths` entry or a bundler alias maps (`@/shared/types` with `@/*`), or one that starts with
   * `@/` or `~/`, which no npm package can. Packages (`react`, an optional package not installed)
   * are never counted: the catalog says what they are, and node_modules is not followed.
   */
  unresolvedReason(specifier: string, fromFile: string): string | undefined {
    const path = specifier.replace(/[?#].*$/, '');
    if (path === '') return undefined;
    const relative = path === '.' || path === '..' || path.startsWith('./') || path.startsWith('../') || path.startsWith('/');
    if (relative) {
      const base = resolve(dirname(fromFile), path);
      // Most imports name a file that is there: a look at the folder's listing settles them.
      if (this.listedAsModule(base) || this.resolve(specifier, fromFile)) return undefined;
      if (!this.inside(base)) return 'outside the repository: not read';
      if (this.resolvesToAnything(path, fromFile) || this.existsWithExtension(base)) return undefined;
      return 'no such file';
    }
    const options = this.compilerOptionsFor(fromFile);
    const pattern = matchingPattern(options.paths, path);
    if (!pattern && !/^[@~]\//.test(path)) return undefined;
    const star = pattern?.endsWith('*') ? path.slice(pattern.length - 1) : '';
    const targets = pattern ? options.paths![pattern]!.map((target) => target.replace('*', star)) : [];
    if (targets.some((target) => this.listedAsModule(target)) || this.resolve(specifier, fromFile) || this.resolvesToAnything(path, fromFile)) return undefined;
    if (!pattern) return `no tsconfig.json paths entry and no bundler alias maps ${path.slice(0, 2)}`;
    if (targets.some((target) => this.inside(target) && this.existsWithExtension(target))) return undefined;
    return `the alias ${pattern} leads to no file`;
  }

  /**
   * Whether a folder's listing shows a module at `base`: the file with an extension the compiler
   * or a bundler adds (`.ts` for a `.js` import too), or a folder with an index or a package.json.
   * A quick yes; a no is checked the compiler's way.
   */
  private listedAsModule(base: string): boolean {
    const folder = dirname(base);
    const name = base.slice(folder.length + 1);
    const entries = this.listing(folder);
    if (!entries || name === '') return false;
    if (entries.get(name) === true) {
      const inside = this.listing(base);
      return inside !== undefined && [...MODULE_EXTENSIONS.map((extension) => `index${extension}`), 'package.json'].some((entry) => inside.get(entry) === false);
    }
    const stem = name.replace(/\.[cm]?jsx?$/, '');
    return [name, ...MODULE_EXTENSIONS.map((extension) => name + extension), ...(stem !== name ? MODULE_EXTENSIONS.map((extension) => stem + extension) : [])].some((entry) => entries.get(entry) === false);
  }

  private readonly listings = new Map<string, Map<string, boolean> | undefined>();
  /** The symbolic links of each folder listed (the compiler decides about them: its view is bounded). */
  private readonly links = new Map<string, Set<string>>();

  /** A folder's entries (name to whether it is a folder), read once, inside the boundary only. */
  private listing(folder: string): Map<string, boolean> | undefined {
    if (this.listings.has(folder)) return this.listings.get(folder);
    let entries: Map<string, boolean> | undefined;
    if (this.readable(folder)) {
      try {
        const listed = readdirSync(folder, { withFileTypes: true });
        entries = new Map(listed.map((entry) => [entry.name, entry.isDirectory()]));
        const links = listed.filter((entry) => entry.isSymbolicLink()).map((entry) => entry.name);
        if (links.length) this.links.set(folder, new Set(links));
      } catch {
        entries = undefined;
      }
    }
    this.listings.set(folder, entries);
    return entries;
  }

  /** Whether the compiler resolves a specifier to any file (a declaration file, a package) at all. */
  private resolvesToAnything(specifier: string, fromFile: string): boolean {
    const options = this.compilerOptionsFor(fromFile);
    return ts.resolveModuleName(specifier, fromFile, options, this.system, this.resolutionCacheFor(options)).resolvedModule !== undefined;
  }

  /** A file at `base`, as written or with an extension bundlers add for non-source files (`./data` for data.json, a .vue component). */
  private existsWithExtension(base: string): boolean {
    return ['', '.json', '.vue', '.svelte', '.astro', '.css', '.scss', '.node', '.wasm'].some((extension) => {
      const candidate = base + extension;
      this.consulted.add(candidate);
      return this.readable(candidate) && safeStat(candidate) !== undefined;
    });
  }

  private readonly extendedConfigs = new Map<string, TS.ExtendedConfigCacheEntry>();

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

/**
 * The import specifiers of a text with where each stands (the offset of its opening quote), read
 * by the compiler's scanner: specifiers in comments and strings are not imports.
 */
export function locateImports(text: string): { specifier: string; position: number }[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => ({ specifier: file.fileName, position: file.pos }));
}

/** What an import may leave out of a module's name. */
const MODULE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json', '.vue', '.svelte'];

/** The largest bundler configuration read for its aliases. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The `paths` pattern a bare specifier matches, the longest literal prefix first (a bare `*` catches everything and counts for nothing). */
function matchingPattern(paths: TS.MapLike<string[]> | undefined, specifier: string): string | undefined {
  let best: string | undefined;
  for (const pattern of Object.keys(paths ?? {})) {
    const star = pattern.indexOf('*');
    const matches = star === -1 ? pattern === specifier : star > 0 && specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1)) && specifier.length >= pattern.length - 1;
    if (matches && (!best || pattern.length > best.length)) best = pattern;
  }
  return best;
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
