import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { PiiflowUserError } from '../model/errors';

export const SOURCE_EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'] as const;

/** Folders that hold dependencies, build output or tool state, never the app's own source. */
export const DEFAULT_IGNORES = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/.next/**',
  '**/.nuxt/**',
  '**/.output/**',
  '**/.svelte-kit/**',
  '**/.turbo/**',
  '**/.vercel/**',
  '**/.cache/**',
  '**/coverage/**',
  '**/storybook-static/**',
  '**/*.min.js',
  '**/*.min.mjs',
  '**/*.bundle.js',
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
];

export interface SourceFileEntry {
  absolute: string;
  /** Relative to the scan root, with forward slashes: what every report shows. */
  display: string;
}

export interface Discovery {
  root: string;
  files: SourceFileEntry[];
  /** Entries with a source name that are not read, and why: symbolic links, pipes, devices. */
  passedOver: { display: string; reason: string }[];
}

/**
 * The source files under the given paths: directories are walked (respecting .gitignore files
 * from the git root down), files are taken as given. Paths that do not exist are a user error.
 */
export function discoverFiles(paths: readonly string[], cwd: string, options: { followSymlinks?: boolean } = {}): Discovery {
  const targets = (paths.length ? paths : ['.']).map((path) => {
    const absolute = resolve(cwd, path);
    if (!existsSync(absolute)) throw new PiiflowUserError('no such file or directory', { file: path }, 'check the path, or run piiflow from the folder that holds it');
    return { path, absolute, directory: statSync(absolute).isDirectory() };
  });
  const root = targets.length === 1 && targets[0]!.directory ? targets[0]!.absolute : resolve(cwd);
  const found = new Set<string>();
  const passedOver: Discovery['passedOver'] = [];
  for (const target of targets) {
    if (!target.directory) {
      found.add(target.absolute);
      continue;
    }
    // Everything with a source name, of any kind, so that nothing is passed over silently.
    const entries = fg.sync(`**/*.{${SOURCE_EXTENSIONS.join(',')}}`, {
      cwd: target.absolute,
      absolute: true,
      dot: true,
      followSymbolicLinks: false,
      onlyFiles: false,
      objectMode: true,
      suppressErrors: true,
      ignore: DEFAULT_IGNORES,
    });
    const ignored = gitignoreFilter(target.absolute);
    for (const entry of entries) {
      const absolute = resolve(entry.path);
      if (ignored(absolute) || entry.dirent.isDirectory()) continue;
      if (entry.dirent.isFile()) {
        found.add(absolute);
      } else if (entry.dirent.isSymbolicLink()) {
        const followed = followLink(absolute, root, options.followSymlinks);
        if (typeof followed === 'string') found.add(absolute);
        else passedOver.push({ display: toDisplay(root, absolute), reason: followed.reason });
      } else {
        passedOver.push({ display: toDisplay(root, absolute), reason: 'not a regular file (a pipe, socket or device): not read' });
      }
    }
  }
  const files = [...found]
    .map((absolute) => ({ absolute, display: toDisplay(root, absolute) }))
    .sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  passedOver.sort((a, b) => (a.display < b.display ? -1 : 1));
  return { root, files, passedOver };
}

/**
 * A symbolic link is read only when asked (--follow-symlinks), only to a regular file, and only
 * inside the scanned folder: piiflow reads nothing outside what it was pointed at.
 */
function followLink(link: string, root: string, follow: boolean | undefined): string | { reason: string } {
  if (!follow) return { reason: 'symbolic link, not followed (pass --follow-symlinks to read links to files inside the scanned folder)' };
  let target: string;
  try {
    target = realpathSync(link);
  } catch {
    return { reason: 'symbolic link to nothing (broken): not read' };
  }
  if (relative(realpathSync(root), target).startsWith('..')) return { reason: 'symbolic link that leaves the scanned folder: not read' };
  if (!statSync(target).isFile()) return { reason: 'symbolic link to something that is not a file: not read' };
  return target;
}

function toDisplay(root: string, absolute: string): string {
  const path = relative(root, absolute);
  return (path || absolute).split(sep).join('/');
}

/** A predicate for "ignored by some .gitignore between the git root and this file". */
function gitignoreFilter(directory: string): (absolute: string) => boolean {
  const matchers: { base: string; rules: Ignore }[] = [];
  const add = (file: string): void => {
    try {
      matchers.push({ base: dirname(file), rules: ignore().add(readFileSync(file, 'utf8')) });
    } catch {
      // An unreadable .gitignore ignores nothing; the files themselves are still reported if unreadable.
    }
  };
  // .gitignore files above the scanned folder, up to the repository root.
  if (!existsSync(join(directory, '.git'))) {
    for (let current = dirname(directory); ; current = dirname(current)) {
      const candidate = join(current, '.gitignore');
      if (existsSync(candidate)) add(candidate);
      if (existsSync(join(current, '.git')) || dirname(current) === current) break;
    }
  }
  for (const file of fg.sync('**/.gitignore', { cwd: directory, absolute: true, dot: true, ignore: ['**/node_modules/**', '**/.git/**'], suppressErrors: true })) add(resolve(file));
  if (matchers.length === 0) return () => false;
  return (absolute) =>
    matchers.some(({ base, rules }) => {
      const path = relative(base, absolute);
      return path !== '' && !path.startsWith('..') && rules.ignores(path.split(sep).join('/'));
    });
}

/** A .gitignore rule, as `git check-ignore -v` names it: the file, the line, the pattern. */
export interface IgnoreRuleSource {
  file: string;
  line: number;
  pattern: string;
}

/** `/outer/.gitignore:1 (inner/)` */
export function describeIgnoreRule(rule: IgnoreRuleSource): string {
  return `${rule.file}:${rule.line} (${rule.pattern})`;
}

/**
 * The .gitignore rule that ignores a file or folder, looking in the .gitignore files of its
 * folder and every folder above it up to the repository root (the deepest file that has a say
 * wins, as in git), or undefined when none does.
 */
export function gitignoreRuleFor(absolute: string, isDirectory: boolean): IgnoreRuleSource | undefined {
  let stop = false;
  for (let current = dirname(absolute); !stop; current = dirname(current)) {
    stop = existsSync(join(current, '.git')) || dirname(current) === current;
    const file = join(current, '.gitignore');
    if (!existsSync(file)) continue;
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      continue;
    }
    const rules = ignore().add(lines.map((pattern, index) => ({ pattern, mark: String(index + 1) })));
    const path = relative(current, absolute).split(sep).join('/');
    const tested = rules.test(isDirectory ? `${path}/` : path);
    if (tested.ignored && tested.rule) return { file, line: Number(tested.rule.mark), pattern: tested.rule.pattern };
    if (tested.unignored) return undefined;
  }
  return undefined;
}

/** Why a folder or file given to the scan yields no file to analyse, in words. */
export function whyNothingIn(absolute: string, display: string): string {
  const directory = statSync(absolute).isDirectory();
  const rule = gitignoreRuleFor(absolute, directory);
  if (rule) return `${directory ? 'all files in ' : ''}${display} ${directory ? 'are' : 'is'} ignored by ${describeIgnoreRule(rule)}`;
  if (!directory) return `${display} is not a JavaScript or TypeScript file`;
  const everything = fg.sync('**/*', { cwd: absolute, dot: true, onlyFiles: true, suppressErrors: true, ignore: ['**/.git/**'] });
  if (everything.length === 0) return `${display} is an empty folder`;
  const sources = fg.sync(`**/*.{${SOURCE_EXTENSIONS.join(',')}}`, { cwd: absolute, absolute: true, dot: true, suppressErrors: true, ignore: ['**/.git/**'] });
  if (sources.length === 0) return `${display} holds no JavaScript or TypeScript files (${SOURCE_EXTENSIONS.map((extension) => `.${extension}`).join(' ')})`;
  for (const source of sources) {
    const ignoredBy = gitignoreRuleFor(resolve(source), false);
    if (ignoredBy) return `all ${sources.length} JavaScript or TypeScript files in ${display} are ignored (the first by ${describeIgnoreRule(ignoredBy)})`;
  }
  return `all ${sources.length} JavaScript or TypeScript files in ${display} are in folders piiflow skips (node_modules, build output such as dist/ or .next/, *.min.js, declaration files)`;
}

/**
 * discoverFiles, plus what a gate needs: a file named on the command line that a .gitignore
 * ignores is treated as its folder would be (passed over with the rule that ignores it), and a
 * scan that would look at nothing is an error that says why, never a pass.
 */
export function discoverSources(paths: readonly string[], cwd: string, options: { followSymlinks?: boolean; allowNothing?: boolean; exclude?: readonly string[] } = {}): Discovery {
  const discovered = discoverFiles(paths, cwd, options);
  const named = new Set((paths.length ? paths : ['.']).map((path) => resolve(cwd, path)));
  const excludedBy = excludeMatcher(options.exclude ?? [], cwd);
  const files: SourceFileEntry[] = [];
  const passedOver = [...discovered.passedOver];
  let excluded = 0;
  for (const file of discovered.files) {
    const rule = named.has(file.absolute) ? gitignoreRuleFor(file.absolute, false) : undefined;
    const glob = excludedBy(file.absolute);
    if (rule) passedOver.push({ display: file.display, reason: `ignored by ${describeIgnoreRule(rule)}` });
    else if (glob !== undefined && named.has(file.absolute)) passedOver.push({ display: file.display, reason: `excluded by --exclude ${glob}` });
    else if (glob !== undefined) excluded++;
    else files.push(file);
  }
  if (files.length === 0 && excluded > 0 && !options.allowNothing) {
    throw new PiiflowUserError(`nothing to scan: all ${excluded} JavaScript or TypeScript file${excluded === 1 ? ' is' : 's are'} excluded by --exclude ${(options.exclude ?? []).join(' --exclude ')}`, undefined, 'check the globs: they are gitignore-style, relative to the working folder');
  }
  passedOver.sort((a, b) => (a.display < b.display ? -1 : 1));
  if (files.length === 0 && !options.allowNothing) {
    const causes = (paths.length ? paths : ['.']).map((path) => whyNothingIn(resolve(cwd, path), path));
    const over = passedOver.filter((entry) => !entry.reason.startsWith('ignored by '));
    const passed = over.length ? `; passed over: ${over.map((entry) => `${entry.display} (${entry.reason})`).join(', ')}` : '';
    throw new PiiflowUserError(`nothing to scan: ${causes.join('; ')}${passed}`, undefined, 'point piiflow at the folder that holds the code (a check that looked at no file would pass for nothing)');
  }
  return { root: discovered.root, files, passedOver };
}

/**
 * `--exclude` globs: gitignore-style, relative to the working folder (as ESLint's --ignore-pattern).
 * Returns the glob that excludes a file, or undefined.
 */
function excludeMatcher(globs: readonly string[], cwd: string): (absolute: string) => string | undefined {
  if (globs.length === 0) return () => undefined;
  const each = globs.map((glob) => ({ glob, rules: ignore().add(glob) }));
  return (absolute) => {
    const path = relative(cwd, absolute).split(sep).join('/');
    if (path === '' || path.startsWith('..')) return undefined;
    return each.find(({ rules }) => rules.ignores(path))?.glob;
  };
}
