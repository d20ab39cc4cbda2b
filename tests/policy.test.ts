import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scan } from './helpers/piiflow';
import { plugin } from '../src/eslint/plugin';
import { temporaryRepository, writeFiles } from './helpers/repository';
import { initialPolicy } from '../src/policy/init';
import { renderReport } from '../src/report/index';

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

describe('hash strength: a plain hash is pseudonymization, a keyed one anonymization', () => {
  const root = join(__dirname, 'fixtures', 'projects', 'hash-strength');
  const result = scan({ paths: [root] });
  const items = result.flows.flatMap((flow) =>
    flow.data.filter((item) => item.origin !== 'collected').map((item) => `${flow.sink.line} ${flow.vendor} ${item.category} ${item.anonymizerStrength ?? 'clear'} ${item.verdict}${item.violationKind ? ` ${item.violationKind}` : ''}: ${item.reason}`),
  );

  it('anonymize accepts keyed hashes, and plain ones only where the policy says accept: plain-hash', () => {
    expect(items).toEqual([
      '9 posthog email keyed allowed: allowed anonymized by vendors.posthog.anonymize',
      '10 posthog email plain violation plain-hash: sha256 without a secret key is a plain hash that anyone can reverse by hashing candidate values; vendors.posthog.anonymize needs a keyed hash for email (an HMAC, or a salt from the environment), or accept: plain-hash',
      '11 posthog email unknown violation plain-hash: only its name says email is hashed, not with what key: it counts as a plain hash; vendors.posthog.anonymize needs a keyed hash for email (an HMAC, or a salt from the environment), or accept: plain-hash',
      '12 posthog phone plain violation plain-hash: sha256 without a secret key is a plain hash that anyone can reverse by hashing candidate values; vendors.posthog.anonymize needs a keyed hash for phone (an HMAC, or a salt from the environment), or accept: plain-hash',
      '13 posthog email clear violation anonymize-required: vendors.posthog.anonymize allows email for PostHog only anonymized (a keyed hash such as an HMAC)',
      '14 meta-pixel email plain allowed: allowed pseudonymized by vendors.meta-pixel.anonymize (accept: plain-hash)',
      '15 meta-pixel email unknown allowed: allowed pseudonymized by vendors.meta-pixel.anonymize (accept: plain-hash)',
      '16 meta-pixel email weak violation weak-anonymizer: md5 without a key is a weak hash that lookup tables reverse; vendors.meta-pixel.anonymize needs a keyed hash (an HMAC, or a salt from the environment) (accept: plain-hash does not accept md5 or sha1)',
      '17 meta-pixel phone plain violation not-allowed: the policy does not allow phone for Meta Pixel',
    ]);
  });

  it('the ESLint rule says what kind of hash it saw and how to fix or accept it', () => {
    const linter = new Linter({ cwd: root });
    const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended];
    const path = join(root, 'src', 'app.ts');
    const messages = linter.verify(readFileSync(path, 'utf8'), config, { filename: path }).map((message) => `${message.line} ${message.message}`);
    expect(messages).toEqual([
      '10 PostHog receives email (plain hash, reversible) from posthog.capture. Key the hash (an HMAC) or accept it in the policy: `accept: plain-hash`.',
      '11 PostHog receives email (plain hash, reversible) from posthog.capture. Key the hash (an HMAC) or accept it in the policy: `accept: plain-hash`.',
      '12 PostHog receives phone (plain hash, reversible) from posthog.capture. Key the hash (an HMAC) or accept it in the policy: `accept: plain-hash`.',
      '13 PostHog receives email (allowed only hashed) from posthog.capture. The policy does not allow it: `piiflow explain` says why.',
      '16 Meta Pixel receives email (weak hash) from window.fbq. The policy does not allow it: `piiflow explain` says why.',
      '17 Meta Pixel receives phone (hashed) from window.fbq. The policy does not allow it: `piiflow explain` says why.',
    ]);
  });

  it('piiflow init accepts plain hashes where the code sends them, so that the first scan passes', () => {
    const code = [
      "import { createHash, createHmac } from 'node:crypto';",
      "import posthog from 'posthog-js';",
      'declare const user: { email: string; phone: string };',
      "posthog.capture('a', { email: createHash('sha256').update(user.email).digest('hex') });",
      "posthog.capture('b', { phone: createHmac('sha256', process.env.PHONE_KEY!).update(user.phone).digest('hex') });",
      '',
    ].join('\n');
    const folder = temporaryRepository({ 'src/app.ts': code });
    const policy = initialPolicy(scan({ paths: [folder], cwd: folder, noPolicy: true }), '2027-01-01', 'schema.json');
    expect(policy).toContain('    anonymize:\n      - { category: email, accept: plain-hash } # src/app.ts:4 posthog.capture (hashed without a secret key: pseudonymized)\n      - phone          # src/app.ts:5 posthog.capture\n');
    writeFiles(folder, { 'piiflow.policy.yaml': policy });
    expect(scan({ paths: [folder], cwd: folder }).summary.violations).toBe(0);
  });
});

describe('objects of unknown shape: the policy decides with unclassified:', () => {
  const code = [
    "import posthog from 'posthog-js';",
    "import * as Sentry from '@sentry/node';",
    "import type { Request } from 'express';",
    'export function created(req: Request) {',
    "  posthog.capture('member_created', { ...req.body });",
    "  Sentry.setContext('payload', JSON.parse(req.body.raw));",
    '}',
    '',
  ].join('\n');
  const judged = (policy: string | undefined): string[] => {
    const folder = temporaryRepository({ 'src/app.ts': code, ...(policy ? { 'piiflow.policy.yaml': policy } : {}) });
    const result = scan({ paths: [folder], cwd: folder });
    return result.flows.flatMap((flow) =>
      flow.data.map((item) => `${flow.sink.line} ${flow.vendor} ${item.category} ${item.field} <- ${item.unknownShape} ${item.verdict}${item.severity ? ` ${item.severity}` : ''}${item.suppressed ? ' suppressed' : ''}: ${item.reason}`),
    );
  };

  it('warns by default, with or without a policy file, and never fails the scan for it', () => {
    const expected = [
      "5 posthog unclassified * <- req.body violation warning: the shape of req.body is unknown: piiflow cannot tell which personal data it carries to PostHog (unclassified: warn by default)",
      '6 sentry unclassified payload <- JSON.parse(req.body.raw) violation warning: the shape of JSON.parse(req.body.raw) is unknown: piiflow cannot tell which personal data it carries to Sentry (unclassified: warn by default)',
    ];
    expect(judged(undefined)).toEqual(expected);
    expect(judged('version: 1\n')).toEqual(expected);
    const folder = temporaryRepository({ 'src/app.ts': code });
    const result = scan({ paths: [folder], cwd: folder });
    expect(result.summary).toMatchObject({ violations: 0, warnings: 2 });
    // The record of processing says which vendors receive objects nobody classified, and where.
    const csv = renderReport('inventory-csv', result, { color: false, target: '.' });
    expect(csv).toMatch(/^posthog,PostHog,unclassified,1,.*src\/app\.ts:5/m);
    expect(csv).toMatch(/^sentry,Sentry,unclassified,1,.*src\/app\.ts:6/m);
  });

  it('deny fails, allow accepts; a vendor rule and an override are more specific than the top level', () => {
    expect(judged('version: 1\nunclassified: deny\n').map((line) => line.split(':')[0])).toEqual(['5 posthog unclassified * <- req.body violation', '6 sentry unclassified payload <- JSON.parse(req.body.raw) violation']);
    expect(judged('version: 1\nunclassified: allow\n').map((line) => line.split(': ')[1])).toEqual(['objects of unknown shape are allowed for PostHog (unclassified', 'objects of unknown shape are allowed for Sentry (unclassified']);
    const specific = judged('version: 1\nunclassified: deny\nvendors:\n  sentry:\n    unclassified: allow\noverrides:\n  - files: ["src/**"]\n    vendors:\n      posthog: { unclassified: warn }\n');
    expect(specific).toEqual([
      '5 posthog unclassified * <- req.body violation warning: the shape of req.body is unknown: piiflow cannot tell which personal data it carries to PostHog (overrides[0].vendors.posthog.unclassified: warn)',
      '6 sentry unclassified payload <- JSON.parse(req.body.raw) allowed: objects of unknown shape are allowed for Sentry (vendors.sentry.unclassified: allow)',
    ]);
  });

  it('an ignore entry accepts one with category: unclassified', () => {
    const ignored = judged('version: 1\nunclassified: deny\nignore:\n  - { vendor: posthog, category: unclassified, reason: "the body is validated to plan and seats" }\n');
    expect(ignored[0]).toContain('violation suppressed');
    expect(ignored[1]).not.toContain('suppressed');
  });

  it('the ESLint warning rule names the object, and piiflow init leaves the decision to the team', () => {
    const folder = temporaryRepository({ 'src/app.ts': code });
    const linter = new Linter({ cwd: folder });
    const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended];
    const path = join(folder, 'src', 'app.ts');
    const messages = linter.verify(code, config, { filename: path }).map((message) => `${message.line} ${message.ruleId} ${message.severity} ${message.message}`);
    expect(messages).toEqual([
      '5 piiflow/personal-data-warning 1 PostHog receives fields of unknown shape (req.body) from posthog.capture. Send its fields by name, or decide in the policy: `unclassified:`.',
      '6 piiflow/personal-data-warning 1 Sentry receives fields of unknown shape (JSON.parse(req.body.raw)) from Sentry.setContext. Send its fields by name, or decide in the policy: `unclassified:`.',
    ]);
    // With `unclassified: deny` the error rule reports them instead.
    const strict = temporaryRepository({ 'src/app.ts': code, 'piiflow.policy.yaml': 'version: 1\nunclassified: deny\nvendors:\n  sentry:\n    unclassified: warn\n' });
    const strictPath = join(strict, 'src', 'app.ts');
    const denied = new Linter({ cwd: strict }).verify(code, config, { filename: strictPath }).map((message) => `${message.line} ${message.ruleId} ${message.severity}`);
    expect(denied).toEqual(['5 piiflow/no-unapproved-personal-data 2', '6 piiflow/personal-data-warning 1']);
    const policy = initialPolicy(scan({ paths: [folder], cwd: folder, noPolicy: true }), '2027-01-01', 'schema.json');
    expect(policy).toContain('# Objects of unknown shape are sent at 2 places: src/app.ts:5 req.body; src/app.ts:6 JSON.parse(req.body.raw).\n');
    expect(policy).toContain('\nunclassified: warn\n');
  });
});
