import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { PiiflowUserError } from '../model/errors';
import { compareSent, type StartedPair } from '../model/changes';
import type { ScanResult } from '../model/result';
import { recount } from '../model/verdicts';

/** A vendor and category pair this tree starts sending, with `file:line` of the calls that carry it now. */
export type SinceChange = StartedPair;

/**
 * The same scan run on the tree of a git ref (extracted with `git archive` into a temporary
 * folder, so the repository is not touched). `scanAt(folder)` scans the same paths there.
 */
export function scanAtRef<T>(ref: string, cwd: string, scanAt: (treeRoot: string, repositoryRoot: string) => T): T {
  const git = (args: string[], options: { encoding?: 'utf8' } = { encoding: 'utf8' }) => execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, ...options });
  let top: string;
  try {
    top = String(git(['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new PiiflowUserError('--since needs a git repository', { file: cwd }, 'run piiflow inside the repository, or drop --since');
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new PiiflowUserError(`--since: unknown git ref "${ref}"`, undefined, 'use a branch, tag or commit that exists here (in CI, fetch the base branch first)');
  }
  const folder = mkdtempSync(join(tmpdir(), 'piiflow-since-'));
  try {
    const archive = join(folder, 'tree.tar');
    execFileSync('git', ['archive', '--format=tar', '-o', archive, ref], { cwd: top, stdio: 'ignore' });
    execFileSync('tar', ['-xf', archive, '-C', folder], { stdio: 'ignore' });
    rmSync(archive);
    return scanAt(folder, top);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Maps a path in the working tree to the same path in the extracted tree. */
export function pathInTree(path: string, repositoryRoot: string, treeRoot: string): string {
  const inside = relative(repositoryRoot, resolve(path));
  if (inside.startsWith('..')) throw new PiiflowUserError('--since: the path is outside the git repository', { file: path });
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
