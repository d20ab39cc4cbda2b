import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scan } from './helpers/piiflow';
import { plugin } from '../src/eslint/plugin';
import { temporaryRepository, writeFiles } from './helpers/repository';

const root = join(__dirname, 'fixtures', 'projects', 'policy-features');

describe('a policy with every feature changes verdicts as written', () => {
  const result = scan({ paths: [root] });
  const items = result.flows.flatMap((flow) =>
    flow.data.map((item) => `${flow.sink.file}:${flow.sink.line} ${flow.vendor} ${item.field} ${item.category} ${item.verdict}${item.suppressed ? ` suppressed by ${item.suppressed.by}` : ''}`),
  );

  it('judges every item as the policy says', () => {
    expect(items).toEqual([
      'src/app.ts:5 posthog courriel email violation',
      'src/app.ts:6 posthog plan_owner_email email allowed',
      'src/app.ts:8 posthog phone phone violation suppressed by comment',
      'src/app.ts:10 posthog phone phone violation',
      'src/app.ts:13 acme-events kundennummer user_id allowed',
      'src/app.ts:14 acme-events contact email violation',
      'src/legacy/support.ts:4 sentry email email violation suppressed by policy',
      'src/legacy/support.ts:5 sentry customer.name name violation',
      'src/server/api.ts:6 posthog distinctId user_id allowed',
      'src/server/api.ts:6 posthog properties.email email allowed',
      'src/server/api.ts:6 posthog properties.phone phone allowed',
    ]);
    expect(result.summary).toMatchObject({ violations: 4, suppressed: 2 });
  });

  it('reports suppressions without a reason or effect, and expired and unused ignores', () => {
    expect(result.problems.map((problem) => `${problem.file}:${problem.line} ${problem.message}`)).toEqual([
      'piiflow.policy.yaml:30 ignore entry expired on 2020-01-01 (An old exception for the first support tool): what it accepted is reported again; fix it, or extend the date with a reason',
      'piiflow.policy.yaml:34 ignore entry matches nothing (Mixpanel was replaced by PostHog): remove it',
      'src/app.ts:9 piiflow-ignore-next-line needs a reason: say why this data may go to the vendor',
      'src/app.ts:11 piiflow-ignore-next-line suppresses nothing on line 12 (Nothing to suppress here): remove it',
    ]);
  });

  it('does not call an ignore unused when the scan did not cover what the policy governs', () => {
    const partial = scan({ paths: [join(root, 'src', 'server')] });
    expect(partial.problems.map((problem) => problem.message)).not.toContainEqual(expect.stringContaining('matches nothing'));
  });

  it('the ESLint rule decides the same way, file by file', () => {
    const linter = new Linter({ cwd: root });
    const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended];
    const fromEslint = ['src/app.ts', 'src/server/api.ts', 'src/legacy/support.ts'].flatMap((file) => {
      const path = join(root, file);
      return linter.verify(readFileSync(path, 'utf8'), config, { filename: path }).map((message) => `${file}:${message.line} ${message.message.replace(/\. (?:No policy|The policy) .*$/, '').split(':')[0]}`);
    });
    expect(fromEslint.sort()).toEqual(
      [
        'src/app.ts:5 PostHog receives email (allowed only hashed) from posthog.capture',
        'src/app.ts:9 piiflow-ignore-next-line needs a reason',
        'src/app.ts:10 PostHog receives phone from posthog.capture',
        'src/app.ts:11 piiflow-ignore-next-line suppresses nothing on line 12 (Nothing to suppress here)',
        'src/app.ts:14 Acme event bus receives email from publish',
        'src/legacy/support.ts:5 Sentry receives name from Sentry.setContext',
      ].sort(),
    );
  });
});

describe('field entries', () => {
  it('match the field as reports show it, a literal e-mail address redacted', () => {
    const policy = (field: string) => `version: 1\nvendors:\n  mixpanel:\n    allow: [{ field: "${field}" }]\n`;
    const folder = temporaryRepository({
      'app.ts': "import mixpanel from 'mixpanel-browser';\ndeclare const user: { email: string };\nmixpanel.identify(user.email || 'ops@shop.example');\n",
      'piiflow.policy.yaml': policy('nothing'),
    });
    const item = scan({ paths: [folder], cwd: folder }).flows[0]!.data[0]!;
    expect(item).toMatchObject({ field: "user.email || '<redacted-email>'", verdict: 'violation' });
    writeFiles(folder, { 'piiflow.policy.yaml': policy(item.field) });
    expect(scan({ paths: [folder], cwd: folder }).flows[0]!.data[0]!.verdict).toBe('allowed');
  });
});
