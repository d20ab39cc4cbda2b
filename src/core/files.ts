import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { PiiflowUserError } from './errors';

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
}

/**
 * The source files under the given paths: directories are walked (respecting .gitignore files
 * from the git root down), files are taken as given. Paths that do not exist are a user error.
 */
export function discoverFiles(paths: readonly string[], cwd: string): Discovery {
  const targets = (paths.length ? paths : ['.']).map((path) => {
    const absolute = resolve(cwd, path);
    if (!existsSync(absolute)) throw new PiiflowUserError('no such file or directory', { file: path }, 'check the path, or run piiflow from the folder that holds it');
    return { path, absolute, directory: statSync(absolute).isDirectory() };
  });
  const root = targets.length === 1 && targets[0]!.directory ? targets[0]!.absolute : resolve(cwd);
  const found = new Set<string>();
  for (const target of targets) {
    if (!target.directory) {
      found.add(target.absolute);
      continue;
    }
    const entries = fg.sync(`**/*.{${SOURCE_EXTENSIONS.join(',')}}`, {
      cwd: target.absolute,
      absolute: true,
      dot: true,
      followSymbolicLinks: false,
      onlyFiles: true,
      suppressErrors: true,
      ignore: DEFAULT_IGNORES,
    });
    const ignored = gitignoreFilter(target.absolute);
    for (const entry of entries) {
      const absolute = resolve(entry);
      if (!ignored(absolute)) found.add(absolute);
    }
  }
  const files = [...found]
    .map((absolute) => ({ absolute, display: toDisplay(root, absolute) }))
    .sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { root, files };
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
