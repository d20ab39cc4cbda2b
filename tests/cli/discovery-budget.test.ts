import { afterEach, describe, expect, it, vi } from 'vitest';
import { scan } from '../helpers/piiflow';
import { temporaryRepository } from '../helpers/repository';
import { discoverSources } from '../../src/scanner/files';
import { renderReport } from '../../src/report/index';

/**
 * File discovery (walking folders, reading and matching .gitignore files and --exclude) has a
 * deadline of its own; past it, the walk stops and every folder it had not finished is a coverage
 * gap listed in the result, never a silent skip. The clock is injected: nothing here is timed.
 */
const leak = "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";

/** A deep tree (d0/d1/.../d11, a file in each, listed before the folder beside it) under a .gitignore of 5,000 generated lines. */
function slowTree(): string {
  const files: Record<string, string> = { '.gitignore': Array.from({ length: 5000 }, (_, index) => `generated-${index}/**/*.tmp.ts`).join('\n') };
  let folder = '';
  for (let depth = 0; depth < 12; depth++) {
    folder += `d${depth}/`;
    files[`${folder}a${depth}.ts`] = leak;
  }
  return temporaryRepository(files);
}

/** A clock that moves one tick at each look. */
function ticking(): () => number {
  let time = 0;
  return () => time++;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the file discovery budget', () => {
  it('with time enough, every file is found and nothing is passed over', () => {
    const root = slowTree();
    const found = discoverSources([root], root, { budget: { deadline: 1_000_000, now: ticking() } });
    expect(found.files).toHaveLength(12);
    expect(found.passedOver).toEqual([]);
  });

  it('past the deadline the walk stops: the files listed by then are kept, each unfinished folder is passed over with the reason', () => {
    const root = slowTree();
    const found = discoverSources([root], root, { budget: { deadline: 6, now: ticking(), describe: '1 s' } });
    // One look as a folder is entered, one before each entry: ., .gitignore, d0 | d0, a0.ts, d1 | d1, then a1.ts is past 6.
    expect(found.files.map((file) => file.display)).toEqual(['d0/a0.ts']);
    expect(found.passedOver.map((entry) => entry.display)).toEqual(['.', 'd0', 'd0/d1']);
    for (const entry of found.passedOver) expect(entry.reason).toMatch(/^file discovery ran past its time budget \(1 s\) while listing this folder: .*raise --max-file-time/);
  });

  it('matching --exclude stops too: the files not matched by then are passed over, not scanned and not dropped', () => {
    const root = slowTree();
    // Discovery itself ends by tick 40 (36 looks); the --exclude loop looks once per file after that.
    const found = discoverSources([root], root, { exclude: ['**/*.stories.tsx'], budget: { deadline: 40, now: ticking() } });
    expect(found.files.length + found.passedOver.length).toBe(12);
    expect(found.passedOver.length).toBeGreaterThan(0);
    for (const entry of found.passedOver) expect(entry.reason).toMatch(/before this file was matched against --exclude: not scanned/);
  });

  it('a scan lists the folders it could not list as not analysed, in the JSON and the text report', () => {
    const root = slowTree();
    let now = 0;
    // The clock moves only while files are discovered (the analysis keeps the real one).
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => (now += 1000));
    const result = scan({ paths: [root], cwd: root, noPolicy: true, maxDiscoveryMs: 7500, onDiscovered: () => clock.mockRestore() });
    expect(result.flows.map((flow) => flow.sink.file)).toEqual(['d0/a0.ts']);
    expect(result.skipped.map((entry) => entry.file)).toEqual(['.', 'd0', 'd0/d1']);
    expect(result.skipped[0]!.reason).toContain('file discovery ran past its time budget (7.5 s)');
    expect(renderReport('text', result, { color: false, target: '.' })).toContain('file discovery ran past its time budget (7.5 s) while listing this folder');
  });

  it('a scan whose discovery lists no file before its deadline is nothing to scan, and says why', () => {
    const root = slowTree();
    let now = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 1000));
    expect(() => scan({ paths: [root], cwd: root, noPolicy: true, maxDiscoveryMs: 2500 })).toThrow('nothing to scan: file discovery ran past its time budget (2.5 s) before any file could be scanned');
  });

  it('a budget that is not a positive number is refused', () => {
    const root = temporaryRepository({ 'a.ts': leak });
    expect(() => scan({ paths: [root], noPolicy: true, maxDiscoveryMs: 0 })).toThrow(/maxDiscoveryMs takes a positive number of milliseconds/);
  });
});
