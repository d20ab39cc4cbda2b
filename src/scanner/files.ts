import fg from 'fast-glob';
import { existsSync, lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PiiflowUserError } from '../model/errors';
import { isInside } from '../model/paths';
import { GlobList } from '../model/glob';
import { describeIoError, readRegularText } from '../model/read-file';

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
  /**
   * What is not read, and why: entries with a source name that are symbolic links, pipes or devices;
   * folders that cannot be listed; names that are not valid UTF-8; `.gitignore` files not applied.
   */
  passedOver: { display: string; reason: string }[];
}

/**
 * How long file discovery may take: walking folders, reading and matching .gitignore files and
 * --exclude globs. Past the deadline the walk stops; every folder it had not finished is passed
 * over with DISCOVERY_OVER_BUDGET (a coverage gap in every report), never dropped in silence.
 */
export interface DiscoveryBudget {
  /** When discovery must stop (a time of `now`). */
  deadline: number;
  /** The clock (default Date.now); tests inject one. */
  now?: () => number;
  /** The budget in words, for the reason given (`60 s`). */
  describe?: string;
}

/** How many times the per-file budget (--max-file-time) file discovery may take in all. */
export const DISCOVERY_BUDGET_FACTOR = 6;

/** Why a folder (or a file) was not listed: discovery ran past its budget there. */
export function discoveryOverBudget(budget: DiscoveryBudget, what: 'folder' | 'file'): string {
  const limit = budget.describe ? ` (${budget.describe})` : '';
  return what === 'folder'
    ? `file discovery ran past its time budget${limit} while listing this folder: the files in it not listed by then are not scanned; raise --max-file-time (discovery may take ${DISCOVERY_BUDGET_FACTOR} times it) or exclude generated folders`
    : `file discovery ran past its time budget${limit} before this file was matched against --exclude: not scanned; raise --max-file-time or pass fewer --exclude globs`;
}

/** A .gitignore bigger than this is not applied (and says so): real ones are a few KiB. */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

const SOURCE_NAME = new RegExp(`\\.(?:${SOURCE_EXTENSIONS.join('|')})$`);
/** `**\/node_modules/**` and the like, by name, so that such a folder is not even listed; `**\/*.min.js` and the like by suffix. */
const IGNORED_FOLDERS = new Set(DEFAULT_IGNORES.flatMap((pattern) => /^\*\*\/([^*/]+)\/\*\*$/.exec(pattern)?.[1] ?? []));
const IGNORED_SUFFIXES = DEFAULT_IGNORES.flatMap((pattern) => /^\*\*\/\*(\.[^*/]+)$/.exec(pattern)?.[1] ?? []);
/** Any default of another shape, matched as a glob. */
const OTHER_IGNORES = new GlobList(
  DEFAULT_IGNORES.filter((pattern) => !/^\*\*\/([^*/]+)\/\*\*$/.test(pattern) && !/^\*\*\/\*(\.[^*/]+)$/.test(pattern)),
  { ignoreCase: false },
);

/**
 * The source files under the given paths: directories are walked (respecting .gitignore files
 * from the git root down), files are taken as given. Paths that do not exist are a user error.
 *
 * The walk never follows a symbolic link to a folder (a link to `/` or a loop would make it walk
 * the file system), reads every .gitignore only as a regular file inside the walked folders or
 * between them and the git root, and reports, rather than drops, a folder it cannot list and a
 * name that is not valid UTF-8.
 */
export function discoverFiles(paths: readonly string[], cwd: string, options: { followSymlinks?: boolean; budget?: DiscoveryBudget } = {}): Discovery {
  const targets = (paths.length ? paths : ['.']).map((path) => {
    const absolute = resolve(cwd, path);
    if (!existsSync(absolute)) throw new PiiflowUserError('no such file or directory', { file: path }, 'check the path, or run piiflow from the folder that holds it');
    return { path, absolute, directory: statSync(absolute).isDirectory() };
  });
  const root = targets.length === 1 && targets[0]!.directory ? targets[0]!.absolute : resolve(cwd);
  const found = new Set<string>();
  const passedOver: Discovery['passedOver'] = [];
  const note = (absolute: string, reason: string): void => {
    passedOver.push({ display: absolute === root ? '.' : toDisplay(root, absolute), reason });
  };
  const budget = options.budget;
  const now = budget?.now ?? Date.now;
  // Once out of time, every folder still being walked says so as the walk unwinds (one entry per folder on the way).
  let outOfTime = false;
  const overBudget = (): boolean => (outOfTime ||= budget !== undefined && now() > budget.deadline);
  for (const target of targets) {
    if (!target.directory) {
      found.add(target.absolute);
      continue;
    }
    const walk = (directory: string, rules: readonly GitignoreRules[]): void => {
      if (overBudget()) {
        note(directory, discoveryOverBudget(budget!, 'folder'));
        return;
      }
      let entries: Dirent<Buffer>[];
      try {
        entries = readdirSync(directory, { withFileTypes: true, encoding: 'buffer' });
      } catch (error) {
        note(directory, `folder cannot be read (${describeIoError(error)}): the files in it are not scanned`);
        return;
      }
      const names = entries
        .map((entry) => ({ entry, name: entry.name.toString('utf8') }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const here = [...rules];
      if (names.some(({ name }) => name === '.gitignore')) {
        const own = readGitignore(join(directory, '.gitignore'), note);
        if (own) here.push(own);
      }
      for (const { entry, name } of names) {
        if (overBudget()) {
          note(directory, discoveryOverBudget(budget!, 'folder'));
          return;
        }
        const absolute = join(directory, name);
        const folder = entry.isDirectory();
        if (!folder && !SOURCE_NAME.test(name)) continue;
        if (!Buffer.from(name, 'utf8').equals(entry.name)) {
          note(absolute, `the name is not valid UTF-8: ${folder ? 'the folder is not walked' : 'not read'} (rename it to scan it)`);
          continue;
        }
        if (folder ? IGNORED_FOLDERS.has(name) : IGNORED_SUFFIXES.some((suffix) => name.endsWith(suffix)) || (OTHER_IGNORES.size > 0 && OTHER_IGNORES.ignores(relative(target.absolute, absolute).split(sep).join('/')))) continue;
        if (here.some((gitignore) => gitignore.ignores(absolute, folder))) continue;
        if (folder) {
          walk(absolute, here);
          // Stopped below: this folder's other entries are not listed either (walk noted the folder it stopped in).
          if (outOfTime) {
            note(directory, discoveryOverBudget(budget!, 'folder'));
            return;
          }
        } else if (!SOURCE_NAME.test(name)) {
          continue;
        } else if (entry.isFile()) {
          found.add(absolute);
        } else if (entry.isSymbolicLink()) {
          const followed = followLink(absolute, root, options.followSymlinks);
          if (typeof followed === 'string') found.add(absolute);
          else note(absolute, followed.reason);
        } else {
          note(absolute, 'not a regular file (a pipe, socket or device): not read');
        }
      }
    };
    walk(target.absolute, gitignoresAbove(target.absolute));
  }
  const files = [...found]
    .map((absolute) => ({ absolute, display: toDisplay(root, absolute) }))
    .sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  passedOver.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
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
  if (!isInside(realpathSync(root), target)) return { reason: 'symbolic link that leaves the scanned folder: not read' };
  if (!statSync(target).isFile()) return { reason: 'symbolic link to something that is not a file: not read' };
  return target;
}

function toDisplay(root: string, absolute: string): string {
  const path = relative(root, absolute);
  return (path || absolute).split(sep).join('/');
}

/** The rules of one .gitignore, for paths below its folder. */
interface GitignoreRules {
  ignores(absolute: string, folder: boolean): boolean;
}

/** A .gitignore that is a regular file of reasonable size; anything else is noted and not applied. */
function readGitignore(file: string, note: (absolute: string, reason: string) => void): GitignoreRules | undefined {
  let stat;
  try {
    stat = lstatSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) {
    note(file, `${stat.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}: its rules are not applied`);
    return undefined;
  }
  let text: string;
  try {
    text = readRegularText(file, { maxBytes: MAX_GITIGNORE_BYTES, what: '.gitignore' });
  } catch (error) {
    note(file, `${(error as Error).message}: its rules are not applied`);
    return undefined;
  }
  const base = dirname(file);
  const rules = new GlobList(text);
  return {
    ignores: (absolute, folder) => {
      if (!isInside(base, absolute) || absolute === base) return false;
      const path = relative(base, absolute).split(sep).join('/');
      return rules.ignores(folder ? `${path}/` : path);
    },
  };
}

/** .gitignore files above the scanned folder, up to the repository root (the nearest folder with `.git`). */
function gitignoresAbove(directory: string): GitignoreRules[] {
  const found: GitignoreRules[] = [];
  if (existsSync(join(directory, '.git'))) return found;
  for (let current = dirname(directory); ; current = dirname(current)) {
    // Outside the scanned folder: a .gitignore that cannot be applied is not one of its entries to report.
    const rules = readGitignore(join(current, '.gitignore'), () => undefined);
    if (rules) found.unshift(rules);
    if (existsSync(join(current, '.git')) || dirname(current) === current) break;
  }
  return found;
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
      lines = readRegularText(file, { maxBytes: MAX_GITIGNORE_BYTES, what: '.gitignore' }).split(/\r?\n/);
    } catch {
      continue;
    }
    // The last line that matches decides, as in git; each line is matched in linear time on its own.
    const path = relative(current, absolute).split(sep).join('/');
    const subject = isDirectory ? `${path}/` : path;
    for (let index = lines.length - 1; index >= 0; index--) {
      const line = lines[index]!.trim();
      if (line === '' || line.startsWith('#')) continue;
      const negated = line.startsWith('!');
      if (!new GlobList([negated ? line.slice(1) : line]).ignores(subject)) continue;
      if (negated) return undefined;
      return { file, line: index + 1, pattern: line };
    }
  }
  return undefined;
}

/** Why a folder or file given to the scan yields no file to analyse, in words. */
export function whyNothingIn(absolute: string, display: string): string {
  const directory = statSync(absolute).isDirectory();
  const rule = gitignoreRuleFor(absolute, directory);
  if (rule) return `${directory ? 'all files in ' : ''}${display} ${directory ? 'are' : 'is'} ignored by ${describeIgnoreRule(rule)}`;
  if (!directory) return `${display} is not a JavaScript or TypeScript file`;
  const everything = fg.sync('**/*', { cwd: absolute, dot: true, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true, ignore: ['**/.git/**'] });
  if (everything.length === 0) return `${display} is an empty folder`;
  const sources = fg.sync(`**/*.{${SOURCE_EXTENSIONS.join(',')}}`, { cwd: absolute, absolute: true, dot: true, followSymbolicLinks: false, suppressErrors: true, ignore: ['**/.git/**'] });
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
export function discoverSources(paths: readonly string[], cwd: string, options: { followSymlinks?: boolean; allowNothing?: boolean; exclude?: readonly string[]; budget?: DiscoveryBudget } = {}): Discovery {
  const discovered = discoverFiles(paths, cwd, options);
  const budget = options.budget;
  const now = budget?.now ?? Date.now;
  const named = new Set((paths.length ? paths : ['.']).map((path) => resolve(cwd, path)));
  const excludedBy = excludeMatcher(options.exclude ?? [], cwd);
  const files: SourceFileEntry[] = [];
  const passedOver = [...discovered.passedOver];
  let excluded = 0;
  let outOfTime = false;
  for (const file of discovered.files) {
    if (budget && (options.exclude?.length || named.has(file.absolute)) && (outOfTime ||= now() > budget.deadline)) {
      passedOver.push({ display: file.display, reason: discoveryOverBudget(budget, 'file') });
      continue;
    }
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
    const cut = passedOver.find((entry) => entry.reason.startsWith('file discovery ran past its time budget'));
    if (cut) throw new PiiflowUserError(`nothing to scan: ${cut.reason.replace(/ while listing this folder:.*$/, '').replace(/ before this file was matched.*$/, '')} before any file could be scanned`, undefined, `raise --max-file-time (file discovery may take ${DISCOVERY_BUDGET_FACTOR} times it), or scan a smaller folder`);
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
  const each = globs.map((glob) => ({ glob, rules: new GlobList([glob]) }));
  return (absolute) => {
    if (absolute === cwd || !isInside(cwd, absolute)) return undefined;
    const path = relative(cwd, absolute).split(sep).join('/');
    return each.find(({ rules }) => rules.ignores(path))?.glob;
  };
}
