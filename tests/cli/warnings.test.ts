import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';
import { plugin } from '../../src/eslint/plugin';
import type { ScanResult } from '../helpers/piiflow';

const app = [
  "import * as Sentry from '@sentry/browser';",
  "import posthog from 'posthog-js';",
  'export function login(user: { id: string; email: string; phone: string }) {',
  '  Sentry.setUser({ id: user.id, email: user.email });',
  "  posthog.capture('login', { phone: user.phone });",
  '}',
  '',
].join('\n');

// Issue 16, ecosystem: a warning severity per vendor or category, reported but not failing the gate.
describe('warning severity in the policy', () => {
  const policy = 'version: 1\nglobal:\n  warn: [email]\nvendors:\n  sentry:\n    allow: [user_id]\n  posthog:\n    severity: warning\n';

  it('the scan reports warnings and exits 0; SARIF level warning; Markdown lists them apart', () => {
    const root = temporaryRepository({ 'src/app.ts': app, 'piiflow.policy.yaml': policy });
    const text = runCli(['scan', '.'], root);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/email +warning: the policy does not allow email for Sentry/);
    expect(text.stdout).toMatch(/phone +warning: the policy does not allow phone for PostHog/);
    expect(text.stdout).toContain('✔ no violations (2 call sites to 2 vendors, 3 personal-data items, 2 warnings)');
    const json = JSON.parse(runCli(['scan', '.', '-f', 'json'], root).stdout) as ScanResult;
    expect(json.summary).toMatchObject({ violations: 0, warnings: 2 });
    expect(json.flows.flatMap((flow) => flow.data.filter((item) => item.severity === 'warning').map((item) => `${flow.vendor} ${item.category}`))).toEqual(['sentry email', 'posthog phone']);
    const sarif = JSON.parse(runCli(['scan', '.', '-f', 'sarif'], root).stdout) as { runs: { results: { level: string }[] }[] };
    expect(sarif.runs[0]!.results.map((result) => result.level)).toEqual(['warning', 'warning']);
    expect(runCli(['scan', '.', '-f', 'markdown'], root).stdout).toContain('### Warnings (2, not failing)');
    // A warning is not a violation a baseline records.
    expect(runCli(['baseline', '.'], root).stdout).toContain('0 violations accepted');
  });

  it('without the warnings the same code fails', () => {
    const root = temporaryRepository({ 'src/app.ts': app, 'piiflow.policy.yaml': 'version: 1\nvendors:\n  sentry:\n    allow: [user_id]\n' });
    expect(runCli(['scan', '.'], root).code).toBe(1);
  });

  it('ESLint reports them with piiflow/personal-data-warning, on warn in the preset', () => {
    const root = temporaryRepository({ 'src/app.ts': app, 'piiflow.policy.yaml': policy });
    const linter = new Linter({ cwd: root });
    const file = join(root, 'src', 'app.ts');
    const messages = linter.verify(readFileSync(file, 'utf8'), [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended], { filename: file });
    expect(messages.map((message) => `${message.line} ${message.ruleId} ${message.severity} ${message.message.replace(/\. (?:No policy|The policy) .*$/, '').split(':')[0]}`)).toEqual([
      '4 piiflow/personal-data-warning 1 Sentry receives email from Sentry.setUser',
      '5 piiflow/personal-data-warning 1 PostHog receives phone from posthog.capture',
    ]);
  });

  it('an unknown category in warn: gets a did-you-mean', () => {
    const root = temporaryRepository({ 'src/app.ts': app, 'piiflow.policy.yaml': 'version: 1\nglobal:\n  warn: [emial]\n' });
    const run = runCli(['scan', '.'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown category "emial" in global.warn\n  did you mean "email"?');
  });
});
