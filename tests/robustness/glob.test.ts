import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { GlobList } from '../../src/model/glob';

/**
 * The linear gitignore matcher (.gitignore files, policy `overrides.files` and `ignore.files`)
 * against the `ignore` package it replaced, on a table and on seeded random patterns; then on the
 * patterns that made that package backtrack for minutes (issue 15, item 8).
 */
const table: [string[], string, boolean][] = [
  [['*.ts'], 'a/b/c.ts', true],
  [['src/*.ts'], 'src/a/b.ts', false],
  [['/src'], 'src/a.ts', true],
  [['/src'], 'lib/src/a.ts', false],
  [['src/'], 'lib/src/a.ts', true],
  [['a.ts/'], 'a.ts', false],
  [['generated/**'], 'generated/x/y.ts', true],
  [['generated/**'], 'generated', false],
  [['**/legacy/**/*.js'], 'x/legacy/y/z.js', true],
  [['**/legacy/**/*.js'], 'legacy/z.js', true],
  [['lib', '!lib/keep.ts'], 'lib/keep.ts', true],
  [['lib/*', '!lib/keep.ts'], 'lib/keep.ts', false],
  [['*.ts', '!keep.ts'], 'a/keep.ts', false],
  [['\\#x.ts'], '#x.ts', true],
  [['# comment'], '# comment', false],
  [['a[bc].ts'], 'ac.ts', true],
  [['a[!bc].ts'], 'ac.ts', false],
  [['a?.ts'], 'ab.ts', true],
  [['a?.ts'], 'a/.ts', false],
  [['A.TS'], 'a.ts', true],
  [['trailing.ts   '], 'trailing.ts', true],
  [['src/**/test/'], 'src/a/b/test/x.ts', true],
  [['a**b.ts'], 'axyb.ts', true],
  [['[abc/]*.ts'], 'abc.ts', true],
  [['**/tmp//**'], 'tmp/x', false],
  [['src/**/generated//'], 'src/generated/x.ts', false],
  [['[ab- c]*.ts'], 'b.ts', true],
];

describe('gitignore patterns, matched in linear time', () => {
  it.each(table)('%j against %s', (patterns, path, expected) => {
    expect(new GlobList(patterns).ignores(path)).toBe(expected);
    expect(ignore().add(patterns).ignores(path), 'the ignore package agrees').toBe(expected);
  });

  it('agrees with the ignore package on seeded random patterns and paths', () => {
    let state = 7;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const parts = ['a', 'b', 'src', '*', '?', '*.ts', 'a*', '[ab]', '**', 'x.ts'];
    const names = ['a', 'b', 'src', 'x.ts', 'ab.ts', 'a.ts', 'ba', 'c'];
    let compared = 0;
    for (let index = 0; index < 3000; index++) {
      const segments = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(parts));
      if (segments.filter((segment) => segment === '**').length > 2) continue;
      const pattern = `${random() < 0.3 ? '/' : ''}${segments.join('/')}${random() < 0.2 ? '/' : ''}`;
      const patterns = random() < 0.3 ? [pattern, `!${pick(names)}`] : [pattern];
      const path = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(names)).join('/');
      expect(new GlobList(patterns).ignores(path), `${JSON.stringify(patterns)} against ${path}`).toBe(ignore().add(patterns).ignores(path));
      compared++;
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it.each([
    ['nested **', '**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/b', `${Array(60).fill('a').join('/')}/c.ts`],
    ['stars in a segment', `${'*a'.repeat(40)}b`, 'a'.repeat(250)],
    ['a long run of spaces', `x${' '.repeat(200_000)}y`, 'x.ts'],
    ['many classes', '[a-z]'.repeat(200), 'a'.repeat(255)],
  ])('%s: 200 such patterns, 5 paths, in under 2 seconds (the old matcher took 80 s for one)', (_, pattern, path) => {
    const started = Date.now();
    const list = new GlobList(Array(pattern.length > 10_000 ? 1 : 200).fill(pattern));
    for (let index = 0; index < 5; index++) list.ignores(path);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
