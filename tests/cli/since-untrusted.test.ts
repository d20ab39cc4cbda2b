import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSinceRef, scanAtRef } from '../../src/scanner/since';
import { runCli } from '../helpers/cli';

/**
 * `--since` on a repository that does not trust us back (issue 15, item 4): a filter, a textconv
 * driver and a file-system monitor configured in `.git/config` and named in a committed
 * `.gitattributes` must not run; the old tree is read as stored.
 */
const made: string[] = [];
afterEach(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const leak = "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";

function hostileRepository(): { root: string; marker: string } {
  const root = mkdtempSync(join(tmpdir(), 'piiflow-since-untrusted-'));
  made.push(root);
  const marker = join(root, '..', `${root.split('/').pop()}-ran`);
  made.push(marker);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: root, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(root, 'a.ts'), leak);
  writeFileSync(join(root, '.gitattributes'), '*.ts filter=evil diff=evil\n');
  git('add', '.');
  git('commit', '-q', '-m', 'one');
  // Configured after the commit, as a hostile clone would arrive: every command would leave the marker.
  const command = `sh -c 'echo ran >> ${marker}; cat'`;
  for (const [key, value] of [
    ['filter.evil.smudge', command],
    ['filter.evil.clean', command],
    ['filter.evil.process', command],
    ['filter.evil.required', 'true'],
    ['diff.evil.textconv', command],
    ['core.fsmonitor', command],
  ]) git('config', key!, value!);
  return { root, marker };
}

describe('--since runs no command the repository configures', () => {
  it('reads the old tree without filters, textconv or the file-system monitor', () => {
    const { root, marker } = hostileRepository();
    const text = scanAtRef('HEAD', root, (tree) => readFileSync(join(tree, 'a.ts'), 'utf8'));
    expect(text).toBe(leak);
    expect(existsSync(marker), 'a configured command ran').toBe(false);
  });

  it('piiflow scan --since HEAD, end to end', () => {
    const { root, marker } = hostileRepository();
    const run = runCli(['scan', root, '--since', 'HEAD', '--format', 'json'], root);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).since).toEqual({ ref: 'HEAD', changes: [] });
    expect(existsSync(marker), 'a configured command ran').toBe(false);
  });

  it('an empty ref or one that looks like an option is a user error', () => {
    expect(() => parseSinceRef('')).toThrow(/needs a git ref, not an empty string/);
    expect(() => parseSinceRef('--output=/tmp/x')).toThrow(/is not a git ref/);
    expect(parseSinceRef('origin/main')).toBe('origin/main');
  });
});
