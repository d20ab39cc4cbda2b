import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';
import { plugin } from '../../src/eslint/plugin';

// Issue 16, defect 6: a reasonless suppression comment was an error in ESLint but a note in the scan.
describe('a piiflow-ignore-next-line without a reason fails both front-ends', () => {
  const code = [
    "import mixpanel from 'mixpanel-browser';",
    'export function f(user: { id: string }) {',
    '  // piiflow-ignore-next-line',
    "  mixpanel.track('x', { plan: 'pro' });",
    '}',
    '',
  ].join('\n');

  it('the scan exits 1 and marks the problem', () => {
    const root = temporaryRepository({ 'src/app.ts': code });
    const run = runCli(['scan', '.'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✖ src/app.ts:3:3  piiflow-ignore-next-line needs a reason');
    expect(run.stdout).toContain('✖ 1 problem to fix (no violations;');
    const json = JSON.parse(runCli(['scan', '.', '-f', 'json'], root).stdout);
    expect(json.problems).toEqual([{ file: 'src/app.ts', line: 3, column: 3, message: expect.stringContaining('needs a reason'), severity: 'error' }]);
  });

  it('ESLint reports it as an error at the same place', () => {
    const root = temporaryRepository({ 'src/app.ts': code });
    const linter = new Linter({ cwd: root });
    const file = join(root, 'src', 'app.ts');
    const messages = linter.verify(readFileSync(file, 'utf8'), [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended], { filename: file });
    expect(messages.map((message) => `${message.line}:${message.column} ${message.severity} ${message.message}`)).toEqual([expect.stringMatching(/^3:3 2 piiflow-ignore-next-line needs a reason/)]);
  });
});
