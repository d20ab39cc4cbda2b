import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../helpers/piiflow';
import { findingsFromEslint, findingsFromScan, installedExampleCopy, repo, runEslintCli } from '../helpers/eslint-runs';

/**
 * The plugin as users run it: ESLint's own CLI, with the example's flat config (ESLint 9 and 10)
 * and the repository's legacy .eslintrc.cjs (ESLint 8). Each must report exactly the violations
 * the scanner reports on the same files.
 */
describe('real ESLint runs on the bundled example', () => {
  const example = join(repo, 'examples', 'webshop');
  const expected = findingsFromScan(scan({ paths: [example] }));
  const copy = installedExampleCopy();
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('the scanner finds the seven planted violations', () => {
    expect(expected).toEqual([
      'src/components/Checkout.tsx:22:7 email',
      'src/lib/analytics.ts:19:3 name',
      'src/lib/monitoring.ts:12:3 email',
      'src/lib/monitoring.ts:6:1 credentials',
      'src/lib/monitoring.ts:6:1 ip_address',
      'src/pages/api/signup.ts:18:3 address',
      'src/pages/api/signup.ts:26:3 ip_address',
    ]);
  });

  it.each(['eslint', 'eslint-v9'])('%s with the example eslint.config.mjs (flat config) reports the same', (eslint) => {
    const results = runEslintCli(eslint, ['.'], copy);
    expect(findingsFromEslint(results, copy)).toEqual(expected);
  });

  it("eslint 8 with the README's .eslintrc.cjs lints .ts and .tsx with a bare `eslint .` (issue 16, defect 4)", () => {
    const legacy = installedExampleCopy();
    try {
      rmSync(join(legacy, 'eslint.config.mjs'));
      writeFileSync(join(legacy, '.eslintrc.cjs'), "module.exports = {\n  root: true,\n  parser: '@typescript-eslint/parser',\n  extends: ['plugin:piiflow/recommended-legacy'],\n};\n");
      const results = runEslintCli('eslint-v8', ['.'], legacy, { ESLINT_USE_FLAT_CONFIG: 'false' });
      expect(results.some((result) => result.filePath.endsWith('.tsx'))).toBe(true);
      expect(findingsFromEslint(results, legacy)).toEqual(expected);
    } finally {
      rmSync(legacy, { recursive: true, force: true });
    }
  });

  it('eslint 8 with the top-level .eslintrc.cjs (legacy config) reports the same', () => {
    const results = runEslintCli('eslint-v8', ['examples/webshop'], repo, { ESLINT_USE_FLAT_CONFIG: 'false' });
    expect(findingsFromEslint(results, example)).toEqual(expected);
  });
});
