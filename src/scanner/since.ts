import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { PiiflowUserError } from '../model/errors';
import type { ScanResult } from '../model/result';

export interface SinceChange {
  vendor: string;
  category: string;
  change: 'new-vendor' | 'new-category' | 'now-in-clear';
  /** `file:line` of the calls that carry it now. */
  at: string[];
}

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
  const before = new Map<string, { clear: boolean }>();
  const vendorsBefore = new Set<string>();
  for (const flow of old.flows) {
    for (const item of flow.data) {
      vendorsBefore.add(flow.vendor);
      const key = `${flow.vendor}\u0000${item.category}`;
      const seen = before.get(key) ?? { clear: false };
      if (!item.anonymized || item.weakAnonymizer) seen.clear = true;
      before.set(key, seen);
    }
  }
  const changes = new Map<string, SinceChange>();
  for (const flow of current.flows) {
    for (const item of flow.data) {
      const key = `${flow.vendor}\u0000${item.category}`;
      const seen = before.get(key);
      const clear = !item.anonymized || Boolean(item.weakAnonymizer);
      const change = !vendorsBefore.has(flow.vendor) ? 'new-vendor' : !seen ? 'new-category' : clear && !seen.clear ? 'now-in-clear' : undefined;
      if (!change) continue;
      item.change = change;
      const entry = changes.get(key) ?? { vendor: flow.vendor, category: item.category, change, at: [] };
      const where = `${flow.sink.file}:${flow.sink.line}`;
      if (!entry.at.includes(where)) entry.at.push(where);
      changes.set(key, entry);
    }
  }
  current.flows = current.flows.map((flow) => ({ ...flow, data: flow.data.filter((item) => item.change) })).filter((flow) => flow.data.length > 0);
  for (const flow of current.flows) flow.verdict = flow.data.some((item) => item.verdict === 'violation' && !item.suppressed && !item.baselined) ? 'violation' : 'allowed';
  const summary = current.summary;
  summary.flows = current.flows.length;
  summary.dataItems = current.flows.reduce((sum, flow) => sum + flow.data.length, 0);
  summary.violations = current.flows.reduce((sum, flow) => sum + flow.data.filter((item) => item.verdict === 'violation' && !item.suppressed && !item.baselined).length, 0);
  summary.vendors = summary.vendors
    .map((vendor) => {
      const flows = current.flows.filter((flow) => flow.vendor === vendor.vendor);
      const categories = [...new Set(flows.flatMap((flow) => flow.data.map((item) => item.category)))].sort();
      const violations = flows.reduce((sum, flow) => sum + flow.data.filter((item) => item.verdict === 'violation' && !item.suppressed && !item.baselined).length, 0);
      return { ...vendor, calls: flows.length, categories, violations };
    })
    .filter((vendor) => vendor.calls > 0);
  return [...changes.values()].sort((a, b) => (a.vendor + a.category < b.vendor + b.category ? -1 : 1));
}
