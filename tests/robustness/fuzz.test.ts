import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { AnalysisSession } from '../helpers/piiflow';
import { plugin } from '../../src/eslint/plugin';
import { mulberry32 } from '../helpers/random';

/**
 * Seeded fuzzing of both front-ends on mutants of real fixtures. CI runs FUZZ_CASES (default
 * 1500) mutants; `npm run fuzz` runs many more. A failure prints its seed and case to replay.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const BUDGET_MS = 2000;

const fixtureRoots = [join(__dirname, '..', 'fixtures', 'vendors'), join(__dirname, '..', 'fixtures', 'flows'), join(__dirname, '..', 'corpus', 'saas-dashboard', 'src')];
function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(directory, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(directory, entry.name)] : [],
  );
}
const seeds = fixtureRoots.flatMap(sources).sort().map((file) => ({ file, text: readFileSync(file, 'utf8') }));

const TOKEN = /\s+|[A-Za-z_$][\w$]*|\d+|[^\sA-Za-z_$\d]/g;
const JUNK = ['\u0000', '\uFFFD', '{', '}', '(', ')', '[', ']', '`', '${', '/*', '//', '"', "'", '=>', '...', '?.', '\u2028', '\uD800', 'é', '\r', '@', '#'];

function mutate(text: string, random: () => number): string {
  const tokens = text.match(TOKEN) ?? [];
  const edits = 1 + Math.floor(random() * 4);
  for (let edit = 0; edit < edits && tokens.length > 1; edit++) {
    const at = Math.floor(random() * tokens.length);
    switch (Math.floor(random() * 4)) {
      case 0:
        tokens.splice(at, 1);
        break;
      case 1:
        tokens.splice(at, 0, tokens[at]!);
        break;
      case 2: {
        const other = Math.floor(random() * tokens.length);
        [tokens[at], tokens[other]] = [tokens[other]!, tokens[at]!];
        break;
      }
      default:
        tokens.splice(at, 0, JUNK[Math.floor(random() * JUNK.length)]!);
    }
  }
  return tokens.join('');
}

describe('fuzzing both front-ends', () => {
  const linter = new Linter();
  const config: Linter.Config[] = [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } }, plugin.configs.recommended];

  const viaEngine = (text: string, file: string): string => {
    const session = new AnalysisSession({ cwd: process.cwd(), displayRoot: process.cwd(), boundary: process.cwd(), noPolicy: true });
    const outcome = session.analyze(file, text);
    return JSON.stringify(outcome.kind === 'found' ? outcome.analysis.flows : outcome);
  };

  it(`${CASES} mutants: no exception, no file over ${BUDGET_MS} ms, the same output twice`, () => {
    // Load both front-ends (the TypeScript compiler, the parser) before the clock runs: the budget is for a mutant,
    // and case 0 used to pay for the loading too, which alone can take 2 s on a busy 2-core machine.
    viaEngine(seeds[0]!.text, seeds[0]!.file);
    linter.verify(seeds[0]!.text, config, { filename: seeds[0]!.file });
    const random = mulberry32(SEED);
    let slowest = 0;
    let parsedByEslint = 0;
    for (let index = 0; index < CASES; index++) {
      const seed = seeds[Math.floor(random() * seeds.length)]!;
      const mutant = mutate(seed.text, random);
      const where = `case ${index} (FUZZ_SEED=${SEED}), from ${seed.file}`;
      const started = Date.now();
      let first: string;
      try {
        first = viaEngine(mutant, seed.file);
        const messages = linter.verify(mutant, config, { filename: seed.file });
        if (!messages.some((message) => message.fatal)) parsedByEslint++;
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).stack}\n--- mutant ---\n${mutant}`);
      }
      const elapsed = Date.now() - started;
      slowest = Math.max(slowest, elapsed);
      expect(elapsed, `${where} took ${elapsed} ms`).toBeLessThan(BUDGET_MS);
      expect(viaEngine(mutant, seed.file), `${where} is not deterministic`).toBe(first);
    }
    console.log(`fuzz: ${CASES} mutants through both front-ends (${parsedByEslint} parsed by ESLint), none crashed or hung; slowest ${slowest} ms`);
  });
});
