import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ScanResult } from '../helpers/piiflow';
import { runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'piiflow-adoption-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const app = [
  "import * as Sentry from '@sentry/browser';",
  "import posthog from 'posthog-js';",
  "import { createHash } from 'node:crypto';",
  '',
  'export function login(user: { id: string; email: string }) {',
  '  Sentry.setUser({ id: user.id, email: user.email });',
  "  posthog.identify(user.id, { email_hash: createHash('sha256').update(user.email).digest('hex') });",
  '}',
  '',
].join('\n');

describe('piiflow init', () => {
  it('writes a policy that allows what the code sends today, with where, so the scan passes', () => {
    const root = project('init', { 'src/app.ts': app });
    const written = runCli(['init', root], scratch);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('2 vendors, 4 vendor-category pairs');
    const policy = readFileSync(join(root, 'piiflow.policy.yaml'), 'utf8');
    expect(policy).toContain('version: 1\nvendors:\n  posthog:  # PostHog\n    allow:\n      - user_id        # src/app.ts:7 posthog.identify\n');
    // A plain sha256 is accepted as it is today, and says it is only pseudonymized.
    expect(policy).toContain('    anonymize:\n      - { category: email, accept: plain-hash } # src/app.ts:7 posthog.identify (hashed without a secret key: pseudonymized)');
    expect(policy).toContain('  sentry:  # Sentry\n    allow:\n      - email          # src/app.ts:6 Sentry.setUser\n      - user_id        # src/app.ts:6 Sentry.setUser');
    expect(runCli(['scan', root], scratch).code).toBe(0);
  });

  it('never overwrites an existing policy without --force', () => {
    const root = project('init-existing', { 'src/app.ts': app, 'piiflow.policy.yaml': 'version: 1\n# my careful policy\n' });
    const refused = runCli(['init', root], scratch);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('piiflow.policy.yaml: a policy already exists here');
    expect(readFileSync(join(root, 'piiflow.policy.yaml'), 'utf8')).toBe('version: 1\n# my careful policy\n');
    expect(runCli(['init', root, '--force'], scratch).code).toBe(0);
    expect(readFileSync(join(root, 'piiflow.policy.yaml'), 'utf8')).toContain('Written by piiflow init');
  });
});

describe('piiflow baseline and scan --baseline', () => {
  it('accepts today\'s violations, survives unrelated edits, fails on new ones, and drops fixed ones when updated', () => {
    const root = project('baseline', { 'src/app.ts': app });
    expect(runCli(['scan', root], scratch).code).toBe(1);
    const recorded = runCli(['baseline', root], scratch);
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain('4 violations accepted');
    const baseline = join(root, 'piiflow.baseline.json');
    expect(runCli(['scan', root, '--baseline', baseline], scratch).code).toBe(0);

    // Lines added above and the call reformatted: still the same violations.
    writeFileSync(join(root, 'src', 'app.ts'), `// a new header\n\n${app.replace('Sentry.setUser({ id: user.id, email: user.email });', 'Sentry.setUser({\n    id: user.id,\n    email: user.email,\n  });')}`);
    expect(runCli(['scan', root, '--baseline', baseline], scratch).code).toBe(0);

    // A new violation fails, and only it counts.
    writeFileSync(join(root, 'src', 'new.ts'), "import * as Sentry from '@sentry/browser';\nexport const f = (user: { phone: string }) => Sentry.setTag('phone', user.phone);\n");
    const withNew = runCli(['scan', root, '--baseline', baseline, '--format', 'json'], scratch);
    expect(withNew.code).toBe(1);
    const json = JSON.parse(withNew.stdout) as ScanResult;
    expect(json.summary).toMatchObject({ violations: 1, baselined: 4 });

    // Fixed: the e-mail no longer goes to Sentry; updating the baseline drops it.
    rmSync(join(root, 'src', 'new.ts'));
    writeFileSync(join(root, 'src', 'app.ts'), app.replace('Sentry.setUser({ id: user.id, email: user.email });', 'Sentry.setUser({ id: user.id });'));
    const fixed = runCli(['scan', root, '--baseline', baseline], scratch);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('1 violation in the baseline is gone: run piiflow baseline to drop it.');
    expect(runCli(['baseline', root], scratch).stdout).toContain('3 violations accepted');
  });

  it('rejects a file that is not a baseline, and never overwrites one', () => {
    const root = project('baseline-bad', { 'src/app.ts': app, 'notes.json': '{"mine": true}\n' });
    const scanned = runCli(['scan', root, '--baseline', join(root, 'notes.json')], scratch);
    expect(scanned.code).toBe(2);
    expect(scanned.stderr).toContain('notes.json: not a piiflow baseline (version 1)');
    const written = runCli(['baseline', root, '--output', join(root, 'notes.json')], scratch);
    expect(written.code).toBe(2);
    expect(readFileSync(join(root, 'notes.json'), 'utf8')).toBe('{"mine": true}\n');
    expect(runCli(['scan', root, '--baseline', join(root, 'missing.json')], scratch).stderr).toContain('missing.json: baseline file not found');
  });
});

describe('piiflow scan --since <git-ref>', () => {
  const git = (root: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: root, stdio: 'pipe' });

  it('reports only what the change starts sending: a new vendor, a new category, data now in clear', () => {
    const root = project('since', { 'src/app.ts': app, 'piiflow.policy.yaml': 'version: 1\nvendors:\n  sentry:\n    allow: [user_id, email]\n  posthog:\n    allow: [user_id, device_info, ip_address, location, referrer]\n    anonymize: [email]\n' });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'base');
    expect(runCli(['scan', root, '--since', 'main'], scratch).code).toBe(0);

    writeFileSync(
      join(root, 'src', 'app.ts'),
      app.replace("{ email_hash: createHash('sha256').update(user.email).digest('hex') }", '{ email: user.email }') +
        "import * as amplitude from '@amplitude/analytics-browser';\nexport const track = (user: { email: string }) => amplitude.track('x', { email: user.email });\n",
    );
    const changed = runCli(['scan', root, '--since', 'main', '--format', 'json'], scratch);
    expect(changed.code).toBe(1);
    const json = JSON.parse(changed.stdout) as ScanResult;
    expect(json.since).toEqual({
      ref: 'main',
      changes: [
        { vendor: 'amplitude', category: 'email', change: 'new-vendor', at: ['src/app.ts:10'] },
        { vendor: 'posthog', category: 'email', change: 'now-in-clear', at: ['src/app.ts:7'] },
      ],
    });
    expect(json.flows.map((flow) => flow.vendor)).toEqual(['posthog', 'amplitude']);
    expect(runCli(['scan', root, '--since', 'main'], scratch).stdout).toContain('sends email to PostHog in clear (it was anonymized)');
  });

  it('with --baseline, counts as fixed only what the whole tree no longer sends (defect: --since hid them)', () => {
    const root = project('since-baseline', { 'src/app.ts': app });
    git(root, 'init', '-q', '-b', 'main');
    expect(runCli(['baseline', root], scratch).code).toBe(0);
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'base');
    const baseline = join(root, 'piiflow.baseline.json');
    const recorded = (JSON.parse(readFileSync(baseline, 'utf8')) as { violations: unknown[] }).violations.length;
    expect(recorded).toBeGreaterThan(0);

    // A change that touches nothing the baseline lists: nothing is fixed.
    writeFileSync(join(root, 'src', 'other.ts'), 'export const two = 2;\n');
    const unchanged = runCli(['scan', root, '--since', 'main', '--baseline', baseline, '--format', 'json'], scratch);
    expect(unchanged.code).toBe(0);
    expect((JSON.parse(unchanged.stdout) as ScanResult).summary).toMatchObject({ violations: 0, fixedSinceBaseline: 0 });
    expect(runCli(['scan', root, '--since', 'main', '--baseline', baseline], scratch).stdout).not.toContain('are gone');

    // A change that removes the e-mail sent to Sentry: that one, and only that one, is fixed.
    writeFileSync(join(root, 'src', 'app.ts'), app.replace('Sentry.setUser({ id: user.id, email: user.email })', 'Sentry.setUser({ id: user.id })'));
    const fixed = runCli(['scan', root, '--since', 'main', '--baseline', baseline, '--format', 'json'], scratch);
    expect(fixed.code).toBe(0);
    expect((JSON.parse(fixed.stdout) as ScanResult).summary).toMatchObject({ violations: 0, fixedSinceBaseline: 1 });
  });

  it('prints one line per vendor with its categories, not one per category (issue 16, defect 7)', () => {
    const root = project('since-grouped', { 'src/app.ts': app, 'piiflow.policy.yaml': 'version: 1\ndefault: allow\n' });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'base');
    writeFileSync(
      join(root, 'src', 'crm.ts'),
      "import * as amplitude from '@amplitude/analytics-browser';\nexport const track = (user: { email: string; phone: string; firstName: string }) => amplitude.track('x', { email: user.email, phone: user.phone, firstName: user.firstName });\n",
    );
    const text = runCli(['scan', root, '--since', 'main'], scratch).stdout;
    expect(text.match(/starts sending data to Amplitude/g)).toHaveLength(1);
    expect(text).toMatch(/starts sending data to Amplitude: email, name, phone {2}src\/crm\.ts:2\n/);
    expect(runCli(['scan', root, '--since', 'main', '-f', 'markdown'], scratch).stdout).toContain('- This change starts sending **email**, **name**, **phone** to **Amplitude** (a new vendor): `src/crm.ts:2`');
  });

  it('says so for an unknown ref or outside a repository', () => {
    const root = project('since-bad', { 'src/app.ts': app });
    const outside = runCli(['scan', root, '--since', 'main'], root);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('--since needs a git repository');
    git(root, 'init', '-q', '-b', 'main');
    const unknown = runCli(['scan', root, '--since', 'nope'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--since: unknown git ref "nope"');
  });
});

describe('piiflow init on hostile file names (issue 15, item 5)', () => {
  it.each(['a\ndefault: allow\n#.ts', 'b\rdefault: allow\r#.ts', 'c\u2028default: allow\u2028#.ts', 'd\u0085default: allow #.ts'])('a file named %j adds no key to the policy', (name) => {
    const root = project(`init-hostile-${name.charCodeAt(1)}`, { [`src/${name}`]: app });
    expect(runCli(['init', root], scratch).code).toBe(0);
    const policy = readFileSync(join(root, 'piiflow.policy.yaml'), 'utf8');
    expect(policy).not.toMatch(/^default:/m);
    expect(parse(policy)).not.toHaveProperty('default');
    writeFileSync(join(root, 'src', 'more.ts'), "import * as Sentry from '@sentry/browser';\nexport const g = (user: { phone: string }) => Sentry.setUser({ phone: user.phone });\n");
    expect(runCli(['scan', root], scratch).code, 'phone is still refused').toBe(1);
  });
});
