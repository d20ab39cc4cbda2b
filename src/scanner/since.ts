import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PiiflowUserError } from '../model/errors';
import { compareSent, type StartedPair } from '../model/changes';
import { isInside } from '../model/paths';
import type { ScanResult } from '../model/result';
import { recount } from '../model/verdicts';

/** A vendor and category pair this tree starts sending, with `file:line` of the calls that carry it now. */
export type SinceChange = StartedPair;

/**
 * Options given to every git command piiflow runs on a repository it does not trust: no
 * attributes file (filters and textconv drivers are named in attributes), no hooks, no file
 * system monitor (a configured command), no pager.
 */
const UNTRUSTED_GIT = ['-c', 'core.attributesFile=/dev/null', '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'core.pager=cat', '--no-pager'];

/** `--since <ref>`: a ref is required and cannot be taken for an option. */
export function parseSinceRef(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new PiiflowUserError('--since needs a git ref, not an empty string', undefined, 'for example --since origin/main (in CI, the base branch of the pull request)');
  if (value.startsWith('-')) throw new PiiflowUserError(`--since: "${value}" is not a git ref`, undefined, 'give a branch, tag or commit');
  return value;
}

/**
 * The same scan run on the tree of a git ref, written into a temporary folder (the repository is
 * not touched). `scanAt(folder)` scans the same paths there.
 *
 * The tree is read as stored: `git ls-tree` lists it and `git cat-file --batch` gives each blob's
 * bytes, which applies no filter, no textconv and no attribute at all (`git archive` runs the
 * `smudge` command a repository's `.git/config` and committed `.gitattributes` name). Symbolic
 * links and submodules are not written; a path that would leave the folder is not written either.
 */
export function scanAtRef<T>(ref: string, cwd: string, scanAt: (treeRoot: string, repositoryRoot: string) => T): T {
  const git = (args: string[], input?: Buffer | string): Buffer =>
    execFileSync('git', [...UNTRUSTED_GIT, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30, ...(input !== undefined ? { input } : {}) });
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch {
    throw new PiiflowUserError('--since needs a git repository', { file: cwd }, 'run piiflow inside the repository, or drop --since');
  }
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new PiiflowUserError(`--since: unknown git ref "${ref}"`, undefined, 'use a branch, tag or commit that exists here (in CI, fetch the base branch first)');
  }
  const folder = mkdtempSync(join(tmpdir(), 'piiflow-since-'));
  try {
    writeTree(git, commit, folder);
    return scanAt(folder, top);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Writes every regular blob of the commit's tree under `folder`, bytes as stored. */
function writeTree(git: (args: string[], input?: Buffer | string) => Buffer, commit: string, folder: string): void {
  const listing = git(['ls-tree', '-r', '-z', '--full-tree', commit]);
  const blobs: { id: string; path: string; executable: boolean }[] = [];
  let start = 0;
  for (let end = listing.indexOf(0, start); end !== -1; start = end + 1, end = listing.indexOf(0, start)) {
    const entry = listing.subarray(start, end);
    const tab = entry.indexOf(9);
    const [mode, type, id] = entry.subarray(0, tab).toString('utf8').split(' ') as [string, string, string];
    const path = entry.subarray(tab + 1).toString('utf8');
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755')) continue; // links (120000) and submodules
    const segments = path.split('/');
    if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.toLowerCase() === '.git') || isAbsolute(path)) continue;
    blobs.push({ id, path, executable: mode === '100755' });
  }
  if (blobs.length === 0) return;
  const output = git(['cat-file', '--batch'], `${blobs.map((blob) => blob.id).join('\n')}\n`);
  let offset = 0;
  for (const blob of blobs) {
    const newline = output.indexOf(10, offset);
    const [id, type, size] = output.subarray(offset, newline).toString('utf8').split(' ');
    if (id !== blob.id || type !== 'blob') throw new Error(`git cat-file answered "${output.subarray(offset, newline).toString('utf8')}" for ${blob.id}`);
    const length = Number(size);
    const target = join(folder, ...blob.path.split('/'));
    const content = { start: newline + 1, end: newline + 1 + length };
    offset = newline + 1 + length + 1;
    if (!isInside(folder, target)) continue;
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, output.subarray(content.start, content.end), { flag: 'wx', mode: blob.executable ? 0o755 : 0o644 });
    } catch (error) {
      // Two paths that differ only in case, on a file system that does not tell them apart: the first stands.
      if (!['EEXIST', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
}

/** Maps a path in the working tree to the same path in the extracted tree. */
export function pathInTree(path: string, repositoryRoot: string, treeRoot: string): string {
  const inside = relative(repositoryRoot, resolve(path));
  if (!isInside(repositoryRoot, resolve(path))) throw new PiiflowUserError('--since: the path is outside the git repository', { file: path });
  return join(treeRoot, inside.split(sep).join(sep));
}

/**
 * Keeps only what changed against the old scan, per vendor and category: a vendor that received
 * nothing before, a category it did not receive, or a category it received only anonymized and
 * now receives in clear. Items are marked with their `change`; the summary is recounted.
 */
export function keepChanges(current: ScanResult, old: ScanResult): SinceChange[] {
  const comparison = compareSent(old, current);
  for (const flow of current.flows) {
    for (const item of flow.data) {
      const change = comparison.changeOf(flow, item);
      if (change) item.change = change;
    }
  }
  current.flows = current.flows.map((flow) => ({ ...flow, data: flow.data.filter((item) => item.change) })).filter((flow) => flow.data.length > 0);
  recount(current);
  return comparison.started;
}
