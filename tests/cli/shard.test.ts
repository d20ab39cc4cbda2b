import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/scanner/scan';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';

const root = mkdtempSync(join(tmpdir(), 'piiflow-shard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
cpSync(join(__dirname, '../../examples/webshop'), root, { recursive: true });
mkdirSync(join(root, '.git'));

// Ignores: two that files in some shard use, one that nothing uses, one expired (reported by every shard).
const whole = JSON.parse(runCli(['scan', '-f', 'json'], root).stdout) as { flows: { vendor: string; sink: { file: string }; data: { category: string; verdict: string }[] }[] };
const violations = whole.flows.flatMap((flow) => flow.data.filter((item) => item.verdict === 'violation').map((item) => ({ vendor: flow.vendor, category: item.category, file: flow.sink.file })));
const used = [violations[0]!, violations[violations.length - 1]!];
appendFileSync(
  join(root, 'piiflow.policy.yaml'),
  [
    'ignore:',
    ...used.map((entry) => `  - { vendor: ${entry.vendor}, category: ${entry.category}, files: ["${entry.file}"], reason: "accepted for the test" }`),
    '  - { vendor: hotjar, category: phone, reason: "matches nothing" }',
    '  - { vendor: mixpanel, category: email, reason: "long gone", expires: 2020-01-01 }',
    '',
  ].join('\n'),
);

function shards(count: number, extra: string[] = []): string[] {
  return Array.from({ length: count }, (_, index) => {
    const file = `shard-${index + 1}-of-${count}.json`;
    const run = runCli(['scan', '--shard', `${index + 1}/${count}`, '-f', 'json', '-o', file, ...extra], root);
    expect(run.code, run.stderr).toBeLessThan(2);
    return file;
  });
}

describe('scan --shard and merge', () => {
  const expected = runCli(['scan', '-f', 'json'], root);

  it('uses the planted ignores as the test intends', () => {
    const result = JSON.parse(expected.stdout) as { problems: { message: string }[]; flows: { data: { suppressed?: unknown }[] }[] };
    expect(result.problems.map((problem) => problem.message.replace(/ \(.*/, ''))).toEqual(['ignore entry matches nothing', 'ignore entry expired on 2020-01-01']);
    expect(result.flows.flatMap((flow) => flow.data).filter((item) => item.suppressed).length).toBeGreaterThanOrEqual(2);
  });

  it.each([1, 2, 3, 4, 7])('merging %i shards gives what one scan of the whole tree gives, byte for byte', (count) => {
    const files = shards(count);
    const parts = files.map((file) => JSON.parse(readFileSync(join(root, file), 'utf8')) as { summary: { filesScanned: number } });
    // Every file is in exactly one shard.
    expect(parts.reduce((sum, part) => sum + part.summary.filesScanned, 0)).toBe(JSON.parse(expected.stdout).summary.filesScanned);
    const merged = runCli(['merge', ...files, '-f', 'json'], root);
    expect(merged.stdout).toBe(expected.stdout);
    expect(merged.code).toBe(expected.code);
    expect(runCli(['merge', ...[...files].reverse()], root).stdout).toBe(runCli(['scan'], root).stdout);
  });

  it('keeps cross-file flows whose wrapper lives in another shard', () => {
    // edtech routes data through wrappers in other files.
    const app = temporaryRepository({}, join(__dirname, '../corpus/edtech'));
    const whole = runCli(['scan', '-f', 'json'], app).stdout;
    const wrapped = (JSON.parse(whole) as { flows: { sink: { file: string; via?: { file: string } } }[] }).flows.filter((flow) => flow.sink.via && flow.sink.via.file !== flow.sink.file);
    expect(wrapped.length).toBeGreaterThan(0);
    // The smallest split that puts a caller and its wrapper in different shards.
    const count = [2, 3, 4, 5, 6, 7, 8].find((n) => wrapped.some((flow) => shardOf(flow.sink.file, n) !== shardOf(flow.sink.via!.file, n)))!;
    expect(count).toBeDefined();
    const files = Array.from({ length: count }, (_, index) => {
      const file = `shard-${index + 1}.json`;
      runCli(['scan', '--shard', `${index + 1}/${count}`, '-f', 'json', '-o', file], app);
      return file;
    });
    const parts = files.map((file) => JSON.parse(readFileSync(join(app, file), 'utf8')) as { flows: { sink: { file: string; via?: { file: string } } }[] });
    const apart = wrapped.filter((flow) => shardOf(flow.sink.file, count) !== shardOf(flow.sink.via!.file, count));
    for (const flow of apart) expect(parts[shardOf(flow.sink.file, count)]!.flows).toContainEqual(flow);
    expect(runCli(['merge', ...files, '-f', 'json'], app).stdout).toBe(whole);
  });

  it('applies a baseline at the merge, and refuses one per shard', () => {
    expect(runCli(['baseline', '-o', 'baseline.json'], root).code).toBe(0);
    const files = shards(3);
    const merged = runCli(['merge', ...files, '--baseline', 'baseline.json'], root);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(runCli(['scan', '--baseline', 'baseline.json'], root).stdout);
    const refused = runCli(['scan', '--shard', '1/3', '--baseline', 'baseline.json'], root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/give it to piiflow merge --baseline/);
  });

  it('refuses options a command does not read, instead of ignoring them', () => {
    const cases: [string[], RegExp][] = [
      [['baseline', '--shard', '1/2'], /--shard does not apply to piiflow baseline/],
      [['init', '--cache'], /--cache does not apply to piiflow init/],
      [['merge', 'a.json', '--cache'], /--cache does not apply to piiflow merge/],
      [['diff', 'a.json', 'b.json', '--policy', 'p.yaml'], /--policy does not apply to piiflow diff/],
      [['explain', 'src/x.ts:1', '--types'], /--types does not apply to piiflow explain/],
    ];
    for (const [args, message] of cases) {
      const run = runCli(args, root);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it('says what is wrong with the shards given', () => {
    const files = shards(3);
    const cases: [string[], RegExp][] = [
      [files.slice(0, 2), /shard 3 of 3 missing/],
      [[files[0]!, files[0]!, files[1]!, files[2]!], /shard 1\/3 is given twice/],
      [[...files, shards(2)[0]!], /does not belong with/],
      [['baseline.json'], /not a piiflow JSON scan/],
      [['missing.json'], /the file does not exist/],
      [[], /merge takes the JSON results of every shard/],
    ];
    writeFileSync(join(root, 'whole.json'), expected.stdout);
    cases.push([['whole.json'], /not the result of a shard/]);
    const damaged = JSON.parse(readFileSync(join(root, files[0]!), 'utf8')) as { shard: { index: unknown }; flows: unknown[] };
    writeFileSync(join(root, 'damaged-shard.json'), JSON.stringify({ ...damaged, shard: { ...damaged.shard, index: 'one' } }));
    writeFileSync(join(root, 'damaged-flows.json'), JSON.stringify({ ...damaged, flows: [null] }));
    cases.push([['damaged-shard.json', files[1]!, files[2]!], /damaged-shard\.json: not a valid scan result: shard\.index: must be integer/], [['damaged-flows.json', files[1]!, files[2]!], /damaged-flows\.json: not a valid scan result: flows\[0\]: must be object/]);
    for (const [args, message] of cases) {
      const run = runCli(['merge', ...args], root);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    for (const value of ['0/3', '4/3', '1/0', 'a/b', '1']) {
      const run = runCli(['scan', '--shard', value], root);
      expect(run.code, value).toBe(2);
      expect(run.stderr).toMatch(/--shard takes <i>\/<n>/);
    }
  });
});
