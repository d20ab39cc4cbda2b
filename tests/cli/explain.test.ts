import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

const repo = join(__dirname, '..', '..');

describe('piiflow explain <file>:<line>', () => {
  it('shows each flow on the line with its trace, across files, and the verdict', () => {
    const { code, stdout } = runCli(['explain', 'tests/fixtures/projects/wrappers/src/app/account.ts:6'], repo);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'tests/fixtures/projects/wrappers/src/app/account.ts:6:3  trackEvent sends to mixpanel (track, from mixpanel-browser) via mixpanel.track at tests/fixtures/projects/wrappers/src/lib/analytics.ts:11',
        '  email: email, found by name: violation (no piiflow.policy.yaml allows email for Mixpanel)',
        '    1. tests/fixtures/projects/wrappers/src/app/account.ts:6:36  user.email',
        "    2. tests/fixtures/projects/wrappers/src/lib/analytics.ts:11:3  mixpanel.track(name, { ...properties, source: 'web' })",
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['tests/fixtures/vendors/mixpanel/negative.ts:13', 'mixpanel.track: not reported: `mixpanel` is a local const declared at tests/fixtures/vendors/mixpanel/negative.ts:12 (an object literal with track), not an SDK'],
    ['tests/fixtures/vendors/google-analytics/negative.ts:10', "gtag: not reported: Google Analytics called directly carries data only when argument 0 is config, or argument 0 is set, or argument 0 is event, or argument 0 is send"],
    ['tests/corpus/saas-dashboard/src/lib/analytics.ts:34', "segment.reset: not reported: Segment's reset is not a call that carries data in the catalog (rules/vendors/segment.yaml)"],
    ['tests/fixtures/projects/cross-file/src/app/decoy.ts:5', "analytics.track: not reported: the app's own function (tests/fixtures/projects/cross-file/src/app/local-analytics.ts:4); nothing personal passed here reaches an SDK through it"],
  ])('says why %s is not reported', (target, reason) => {
    const { code, stdout } = runCli(['explain', target], repo);
    expect(code).toBe(0);
    expect(stdout).toContain(reason);
  });

  it('says how strongly each hashed item is hashed, and what the policy makes of it', () => {
    const { code, stdout } = runCli(['explain', 'tests/fixtures/projects/hash-strength/src/app.ts:9', '--policy', 'tests/fixtures/projects/hash-strength/piiflow.policy.yaml'], repo);
    expect(code).toBe(0);
    expect(stdout).toContain('  email: email, anonymized (keyed hmac-sha256, key process.env.ANALYTICS_HMAC_KEY), found by name: allowed (allowed anonymized by vendors.posthog.anonymize)\n');
    const plain = runCli(['explain', 'tests/fixtures/projects/hash-strength/src/app.ts:10', '--policy', 'tests/fixtures/projects/hash-strength/piiflow.policy.yaml'], repo).stdout;
    expect(plain).toContain('  email: email, pseudonymized (plain sha256: reversible by lookup), found by name: violation (sha256 without a secret key is a plain hash');
  });

  it('prints JSON with --format json', () => {
    const { stdout } = runCli(['explain', 'tests/fixtures/vendors/sentry/positive.ts:8', '--format', 'json'], repo);
    const json = JSON.parse(stdout) as { flows: { vendor: string; data: { category: string }[] }[]; notSinks: unknown[] };
    expect(json.flows.map((flow) => [flow.vendor, flow.data.map((item) => item.category)])).toEqual([['sentry', ['user_id', 'email', 'username', 'ip_address']]]);
  });

  it.each([
    [['explain'], /explain takes one <file>:<line>\n {2}for example: piiflow explain src\/lib\/analytics.ts:12/],
    [['explain', 'tests/fixtures/vendors/sentry/positive.ts'], /explain takes one <file>:<line>/],
    [['explain', 'missing.ts:3'], /missing.ts: cannot read the source file: the file does not exist/],
    [['explain', 'tests/fixtures/vendors/sentry/positive.ts:999'], /line 999 is outside the file \(1 to \d+\)/],
  ])('rejects %j with a clear message and exit code 2', (args, message) => {
    const { code, stderr } = runCli(args, repo);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
