import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { PiiflowUserError, loadCatalog, loadPolicy, mergeShards, scan, type ScanResult } from '../helpers/piiflow';
import { GlobList } from '../../src/model/glob';
import { parseScan } from '../../src/report/diff';
import { renderHtml } from '../../src/report/html';
import { renderInventoryCsv, renderInventoryJson } from '../../src/report/inventory';
import { renderJson } from '../../src/report/json';
import { renderMarkdown } from '../../src/report/markdown';
import { renderSarif } from '../../src/report/sarif';
import { renderText } from '../../src/report/text';
import { temporaryRepository } from '../helpers/repository';
import { mulberry32 } from '../helpers/random';

/**
 * Seeded fuzzing of everything piiflow reads besides source code (issue 15): mutated policies,
 * shards (merge and every renderer), caches and .gitignore files. Each mutant must end in a
 * result or a PiiflowUserError (exit 2), never another exception, within the time budget; a
 * mutated cache must not change what the scan reports. FUZZ_CASES (default 1500, as for the
 * source fuzzer) scales every set; CI runs about 1,000 input mutants in all.
 */
const SCALE = Number(process.env.FUZZ_CASES ?? 1500) / 1500;
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const BUDGET_MS = 2000;
const count = (base: number) => Math.max(1, Math.round(base * SCALE));

const JUNK = ['\u0000', '\u001b[2J', '\n', '\r', '\t', ':', '- ', '&a ', '*a', '!!', '{', '}', '[', ']', '"', "'", '#', '**/', '..', '/', '\\', '\uFFFD', '\uD800', 'é', '2027-02-31', '-1', '1e309', 'null', '<', '>'];
const VALUES: unknown[] = [null, 0, -1, 1.5, 1e308, '', 'x', '..', '/etc/passwd', true, {}, [], [null], { kind: 'nothing' }, '\u001b[2J', 'a'.repeat(300)];

/** A text mutant: delete, duplicate, swap or insert junk at a few places. */
function mutateText(text: string, random: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let edit = 0; edit < edits; edit++) {
    const at = Math.floor(random() * (result.length + 1));
    const length = Math.floor(random() * 12);
    switch (Math.floor(random() * 4)) {
      case 0:
        result = result.slice(0, at) + result.slice(at + length);
        break;
      case 1:
        result = result.slice(0, at) + result.slice(at, at + length) + result.slice(at);
        break;
      case 2:
        result = result.slice(0, at);
        break;
      default:
        result = result.slice(0, at) + JUNK[Math.floor(random() * JUNK.length)]! + result.slice(at);
    }
  }
  return result;
}

/** A structural mutant of parsed JSON: a value replaced, a key deleted, an element duplicated. */
function mutateJson(data: unknown, random: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(data)) as unknown;
  const edits = 1 + Math.floor(random() * 3);
  for (let edit = 0; edit < edits; edit++) {
    const containers: (Record<string, unknown> | unknown[])[] = [];
    const walk = (value: unknown) => {
      if (value && typeof value === 'object') {
        containers.push(value as Record<string, unknown>);
        for (const child of Object.values(value)) walk(child);
      }
    };
    walk(copy);
    const target = containers[Math.floor(random() * containers.length)]!;
    const keys = Object.keys(target);
    if (keys.length === 0) continue;
    const key = keys[Math.floor(random() * keys.length)]!;
    const choice = Math.floor(random() * 3);
    if (choice === 0) (target as Record<string, unknown>)[key] = VALUES[Math.floor(random() * VALUES.length)];
    else if (choice === 1 && !Array.isArray(target)) delete target[key];
    else if (Array.isArray(target)) target.push(JSON.parse(JSON.stringify(target[Number(key)] ?? null)));
  }
  return copy;
}

/** Runs one mutant; a PiiflowUserError is an accepted outcome, anything else fails with the seed and the input. */
function expectHandled(where: string, input: string, run: () => void): 'ok' | 'refused' {
  const started = Date.now();
  let outcome: 'ok' | 'refused' = 'ok';
  try {
    run();
  } catch (error) {
    if (!(error instanceof PiiflowUserError)) throw new Error(`${where} (FUZZ_SEED=${SEED}): ${(error as Error).stack}\n--- input ---\n${input.slice(0, 4000)}`);
    expect(error.format(), where).not.toMatch(/\n\s+at /);
    outcome = 'refused';
  }
  expect(Date.now() - started, `${where} took too long`).toBeLessThan(BUDGET_MS);
  return outcome;
}

const repo = join(__dirname, '..', '..');
const catalog = loadCatalog();

describe('fuzzing what piiflow reads besides code', () => {
  it(`${count(300)} mutated policies: a policy or a positioned user error`, () => {
    const random = mulberry32(SEED);
    const seeds = [readFileSync(join(repo, 'tests/fixtures/projects/policy-features/piiflow.policy.yaml'), 'utf8'), readFileSync(join(repo, 'examples/webshop/piiflow.policy.yaml'), 'utf8')];
    const folder = temporaryRepository({});
    const tally = { ok: 0, refused: 0 };
    for (let index = 0; index < count(300); index++) {
      const text = mutateText(seeds[Math.floor(random() * seeds.length)]!, random);
      const path = join(folder, `policy-${index}.yaml`);
      writeFileSync(path, text);
      tally[expectHandled(`policy case ${index}`, text, () => loadPolicy(path, catalog))]++;
    }
    console.log(`fuzz: ${count(300)} mutated policies, ${tally.ok} loaded, ${tally.refused} refused with a user error`);
  });

  it(`${count(300)} mutated shards: merged and rendered in every format, or refused`, () => {
    const random = mulberry32(SEED + 1);
    const root = join(repo, 'examples', 'webshop');
    const shards = [1, 2].map((index) => JSON.parse(renderJson(scan({ paths: [root], cwd: root, shard: { index, count: 2 } }))) as ScanResult);
    const tally = { ok: 0, refused: 0 };
    for (let index = 0; index < count(300); index++) {
      const which = Math.floor(random() * 2);
      const text = random() < 0.5 ? JSON.stringify(mutateJson(shards[which], random)) : mutateText(JSON.stringify(shards[which]), random);
      tally[
        expectHandled(`shard case ${index}`, text, () => {
          const mutant = parseScan(text, 'mutant.json');
          const merged = mergeShards([which === 0 ? { result: mutant, file: 'mutant.json' } : { result: shards[0]!, file: 'one.json' }, which === 1 ? { result: mutant, file: 'mutant.json' } : { result: shards[1]!, file: 'two.json' }]);
          for (const render of [renderJson, renderSarif, renderMarkdown, renderInventoryCsv, renderInventoryJson, (r: ScanResult) => renderHtml(r), (r: ScanResult) => renderText(r, { color: true, target: '.' })]) render(merged);
        })
      ]++;
    }
    console.log(`fuzz: ${count(300)} mutated shards, ${tally.ok} merged and rendered, ${tally.refused} refused with a user error`);
  });

  it(`${count(40)} mutated caches: no crash; a cache started afresh reports exactly what a fresh scan reports`, () => {
    const random = mulberry32(SEED + 2);
    const root = temporaryRepository({}, join(repo, 'tests', 'fixtures', 'projects', 'wrappers'));
    const cache = join(root, '.piiflowcache');
    const fresh = renderJson(scan({ paths: [root], cwd: root }));
    scan({ paths: [root], cwd: root, cache });
    const original = readFileSync(cache, 'utf8');
    let reset = 0;
    for (let index = 0; index < count(40); index++) {
      const text = random() < 0.7 ? JSON.stringify(mutateJson(JSON.parse(original), random)) : mutateText(original, random);
      writeFileSync(cache, text);
      expectHandled(`cache case ${index}`, text, () => {
        let started = false;
        const result = scan({ paths: [root], cwd: root, cache, onCache: (stats) => (started = stats.reset !== undefined) });
        // A record edited into another well-formed outcome is believed (the cache is the user's own file; see the
        // README on committed caches): the report must then still render. A cache started afresh must change nothing.
        for (const render of [renderSarif, renderMarkdown, (r: ScanResult) => renderText(r, { color: false, target: '.' })]) render(result);
        if (started) {
          reset++;
          expect(renderJson(result), `cache case ${index} started afresh yet changed the report`).toBe(fresh);
        } else if (text === original) {
          expect(renderJson(result)).toBe(fresh);
        }
      });
    }
    console.log(`fuzz: ${count(40)} mutated caches, ${reset} started afresh (each report identical to a fresh scan), none crashed`);
  });

  it(`${count(300)} mutated .gitignore files: linear, and the same answers as git's rules where the old matcher could answer`, () => {
    const random = mulberry32(SEED + 3);
    const seed = ['node_modules/', '*.log', '/build', 'src/**/generated/', '!src/keep.ts', 'docs/*.md', '**/tmp/**', '# comment', 'a?c', '[abc]*.ts'].join('\n');
    const paths = ['src/a.ts', 'src/generated/x.ts', 'build/a.ts', 'lib/build/a.ts', 'a/b/c/d/e.ts', 'tmp/x', 'x/tmp/y/z.ts', 'abc.ts', 'src/keep.ts', `${Array(40).fill('a').join('/')}/b.ts`];
    let compared = 0;
    for (let index = 0; index < count(300); index++) {
      const text = mutateText(seed, random);
      expectHandled(`gitignore case ${index}`, text, () => {
        const list = new GlobList(text);
        // Where the ignore package departs from git (`***` is `*` in git, `**` for it), or would backtrack, only the time is checked.
        const simple = text.split('\n').every((line) => (line.match(/\*\*/g) ?? []).length <= 2 && !/\*\*\*/.test(line) && !/[\u0000-\u001f\\]/.test(line.replace(/\r$/, '')));
        for (const path of paths) {
          const answer = list.ignores(path);
          if (!simple) continue;
          let expected: boolean;
          try {
            expected = ignore().add(text).ignores(path);
          } catch {
            continue;
          }
          expect(answer, `gitignore case ${index}: ${JSON.stringify(text)} on ${path}`).toBe(expected);
          compared++;
        }
      });
    }
    console.log(`fuzz: ${count(300)} mutated .gitignore files, ${compared} answers compared with the ignore package`);
  });
});
