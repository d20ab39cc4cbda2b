import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan, type CacheStats } from '../helpers/piiflow';
import { renderJson } from '../../src/report/json';
import { jsonPath } from '../../src/model/json-input';
import { readScanFile } from '../../src/report/diff';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';

/**
 * Every JSON file piiflow reads back, damaged the ways a hand edit or a cut-short upload damages
 * it (issue 15, item 9): exit 2 with the file and the JSON path, never a stack trace; a damaged
 * cache starts afresh and loses no flow.
 */
const leak = (field: string) => `import * as Sentry from '@sentry/browser';\nexport const f = (user: { ${field}: string }) => Sentry.setUser({ ${field}: user.${field} });\n`;

function project(): string {
  return temporaryRepository({ 'src/a.ts': leak('email'), 'src/b.ts': leak('phone'), 'src/c.ts': leak('email') });
}

type Json = Record<string, any>;

function shards(root: string): [Json, Json] {
  const out = (index: number) => {
    expect(runCli(['scan', '.', '--shard', `${index}/2`, '--format', 'json', '--output', `shard-${index}.json`], root).code).toBeLessThan(2);
    return JSON.parse(readFileSync(join(root, `shard-${index}.json`), 'utf8')) as Json;
  };
  return [out(1), out(2)];
}

const mergeDamage: [string, (shard: Json) => void, RegExp][] = [
  ['flows[0].data = [null]', (s) => (s['flows'][0].data = [null]), /flows\[0\]\.data\[0\]: must be object/],
  ['skipped = [null]', (s) => (s['skipped'] = [null]), /skipped\[0\]: must be object/],
  ['problems = [null]', (s) => (s['problems'] = [null]), /problems\[0\]: must be object/],
  ['summary.vendors = [null]', (s) => (s['summary'].vendors = [null]), /summary\.vendors\[0\]: must be object/],
  ['vendor: 12', (s) => (s['flows'][0].vendor = 12), /flows\[0\]\.vendor: must be string/],
  ['field: {}', (s) => (s['flows'][0].data[0].field = {}), /flows\[0\]\.data\[0\]\.field: must be string/],
  ['verdict: maybe', (s) => (s['flows'][0].verdict = 'maybe'), /flows\[0\]\.verdict: must be one of "allowed", "violation"/],
  ['trace: "x"', (s) => (s['flows'][0].data[0].trace = 'x'), /flows\[0\]\.data\[0\]\.trace: must be array/],
];

describe('damaged JSON inputs: the file, the JSON path, exit 2', () => {
  it.each(mergeDamage)('merge with a shard whose %s', (_, damage, message) => {
    const root = project();
    const both = shards(root);
    const index = both[0].flows.length ? 0 : 1;
    damage(both[index]);
    writeFileSync(join(root, `shard-${index + 1}.json`), JSON.stringify(both[index]));
    const run = runCli(['merge', 'shard-1.json', 'shard-2.json'], root);
    expect(run.stderr).toMatch(new RegExp(`^piiflow: shard-${index + 1}\\.json: not a valid scan result: `));
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(2);
  });

  it('diff with flows: [{}]', () => {
    const root = project();
    const json = runCli(['scan', '.', '--format', 'json'], root).stdout;
    writeFileSync(join(root, 'old.json'), json);
    writeFileSync(join(root, 'new.json'), JSON.stringify({ ...JSON.parse(json), flows: [{}] }));
    const run = runCli(['diff', 'old.json', 'new.json'], root);
    expect(run.stderr).toMatch(/new\.json: not a valid scan result: flows\[0\]: missing required key "vendor"/);
    expect(run.code).toBe(2);
  });

  it('--baseline with violations: [null] and with a count of "two"', () => {
    const root = project();
    for (const [violations, message] of [
      [[null], /violations\[0\]: must be object/],
      [[{ fingerprint: 'x', vendor: 'sentry', file: 'a.ts', call: 'c', field: 'f', category: 'email', count: 'two' }], /violations\[0\]\.count: must be integer/],
    ] as const) {
      writeFileSync(join(root, 'piiflow.baseline.json'), JSON.stringify({ version: 1, tool: 'piiflow', violations }));
      const run = runCli(['scan', '.', '--baseline', 'piiflow.baseline.json'], root);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/piiflow\.baseline\.json: not a valid baseline/);
      expect(run.code).toBe(2);
    }
  });

  it('JSON paths read as code', () => {
    expect(jsonPath('/flows/1/data/0/field')).toBe('flows[1].data[0].field');
    expect(jsonPath('/files/~1src~1a.ts/outcome')).toBe('files["/src/a.ts"].outcome');
  });
});

describe('a damaged or hostile cache: afresh, every flow kept, nothing outside read', () => {
  const cached = (root: string): { json: string; stats: CacheStats } => {
    let stats: CacheStats | undefined;
    const result = scan({ paths: [root], cwd: root, cache: join(root, '.piiflowcache'), onCache: (value) => (stats = value) });
    return { json: renderJson(result), stats: stats! };
  };
  const edit = (root: string, change: (cache: Json) => void) => {
    const cache = JSON.parse(readFileSync(join(root, '.piiflowcache'), 'utf8')) as Json;
    change(cache);
    writeFileSync(join(root, '.piiflowcache'), JSON.stringify(cache));
  };
  const outcomes = (cache: Json) => Object.values(cache['files'] as Record<string, Json>).filter((record) => record['outcome']?.kind === 'found');

  it.each([
    ['an unknown outcome kind', (cache: Json) => (outcomes(cache)[0]!['outcome'].kind = 'nothing-here'), /outcome/],
    ['found: {}', (cache: Json) => (outcomes(cache)[0]!['outcome'].found = {}), /found/],
    ['savedAt in the future', (cache: Json) => (cache['savedAt'] = Date.now() + 86_400_000), /written in the future/],
    ['a record that is null', (cache: Json) => (cache['files'][Object.keys(cache['files'])[0]!] = null), /must be object/],
  ])('%s', (_, change, reason) => {
    const root = project();
    const fresh = cached(root).json;
    edit(root, change);
    const again = cached(root);
    expect(again.stats.reset).toMatch(reason);
    expect(again.json).toBe(fresh);
  });

  it('a cache that lists another file as consulted does not make piiflow open it', () => {
    const root = project();
    cached(root);
    // 64 GiB of nothing: opening and hashing it would take minutes; a stat takes no time.
    const secret = join(root, 'shadow');
    closeSync(openSync(secret, 'w'));
    execFileSync('truncate', ['-s', '64G', secret]);
    edit(root, (cache) => cache['resolution'].consulted.push(secret, '/etc/shadow', '/dev/zero'));
    const started = Date.now();
    const again = cached(root);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(again.json).toBe(renderJson(scan({ paths: [root], cwd: root })));
  });

  it.each([
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path), /the cache is a device, not a regular file/],
    ['a pipe', (path: string) => execFileSync('mkfifo', [path]), /the cache is a pipe, not a regular file/],
  ])('a cache that is %s: refused at once', (_, make, message) => {
    const root = project();
    make(join(root, '.piiflowcache'));
    const started = Date.now();
    const run = runCli(['scan', '.', '--cache'], root);
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('a JSON scan for merge or diff that is not a regular file', () => {
  it('is refused at once (readScanFile, for the merge and diff commands)', () => {
    const root = project();
    symlinkSync('/dev/zero', join(root, 'zero.json'));
    expect(() => readScanFile(join(root, 'zero.json'), 'zero.json')).toThrow(/the JSON scan is a device, not a regular file: not read/);
  });
});
