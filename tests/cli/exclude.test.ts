import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';
import { plugin } from '../../src/eslint/plugin';
import type { ScanResult } from '../helpers/piiflow';

const leak = "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";
const files = (result: { stdout: string }) => (JSON.parse(result.stdout) as ScanResult).flows.map((flow) => flow.sink.file);

// Issue 16, ecosystem: --exclude <glob> (repeatable) and exclude: in the policy.
describe('--exclude and the policy exclude:', () => {
  it('--exclude drops files from the report, repeatable, gitignore-style from the working folder', () => {
    const root = temporaryRepository({ 'src/a.ts': leak, 'src/generated/b.ts': leak, 'src/c.stories.tsx': leak });
    expect(files(runCli(['scan', '.', '-f', 'json'], root))).toEqual(['src/a.ts', 'src/c.stories.tsx', 'src/generated/b.ts']);
    const run = runCli(['scan', '.', '-f', 'json', '--exclude', 'src/generated/**', '--exclude', '*.stories.tsx'], root);
    expect(run.code).toBe(1);
    expect(files(run)).toEqual(['src/a.ts']);
    expect((JSON.parse(run.stdout) as ScanResult).summary.filesScanned).toBe(1);
  });

  it('excluding everything is nothing to scan (exit 2), and a named excluded file is listed as not analysed', () => {
    const root = temporaryRepository({ 'src/a.ts': leak, 'b.ts': 'export const b = 1;\n' });
    const all = runCli(['scan', 'src', '--exclude', 'src/**'], root);
    expect(all.code).toBe(2);
    expect(all.stderr).toContain('nothing to scan: all 1 JavaScript or TypeScript file is excluded by --exclude src/**');
    const named = runCli(['scan', 'src/a.ts', 'b.ts', '--exclude', 'src/**', '-f', 'json'], root);
    expect(named.code).toBe(0);
    expect((JSON.parse(named.stdout) as ScanResult).skipped).toEqual([{ file: 'src/a.ts', reason: 'excluded by --exclude src/**' }]);
  });

  it('exclude: in the policy, relative to it, applies to the scan and to ESLint', () => {
    const root = temporaryRepository({ 'src/a.ts': leak, 'src/legacy/b.ts': leak, 'piiflow.policy.yaml': 'version: 1\nexclude: [src/legacy/]\n' });
    expect(files(runCli(['scan', '.', '-f', 'json'], root))).toEqual(['src/a.ts']);
    const linter = new Linter({ cwd: root });
    const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended];
    const lint = (file: string) => linter.verify(readFileSync(join(root, file), 'utf8'), config, { filename: join(root, file) }).length;
    expect([lint('src/a.ts'), lint('src/legacy/b.ts')]).toEqual([1, 0]);
    const everything = temporaryRepository({ 'src/a.ts': leak, 'piiflow.policy.yaml': 'version: 1\nexclude: ["**/*.ts"]\n' });
    const run = runCli(['scan', '.'], everything);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('piiflow.policy.yaml: nothing to scan: all 1 JavaScript or TypeScript file is excluded by exclude: in the policy');
  });

  it('a typo in the policy key gets a did-you-mean', () => {
    const root = temporaryRepository({ 'src/a.ts': leak, 'piiflow.policy.yaml': 'version: 1\nexlude: [dist/]\n' });
    expect(runCli(['scan', '.'], root).stderr).toContain('did you mean "exclude"?');
  });
});
