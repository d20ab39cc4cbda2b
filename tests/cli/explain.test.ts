import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';

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

  // Issue 16, defect 5: on a call of the app's wrapper, explain said nothing personal reached an SDK
  // (the scan reports what the wrapper sends at the wrapper's own SDK call).
  it('on a call of an app wrapper, shows the flow through it: the caller\'s argument, the wrapper\'s lines, the SDK call', () => {
    const root = temporaryRepository({
      'src/lib/analytics.ts': [
        "import mixpanel from 'mixpanel-browser';",
        'export interface User { id: string; email: string; name: string; orgId: string }',
        'export function track(user: User) {',
        '  mixpanel.people.set({',
        '    $email: user.email,',
        '    $name: user.name,',
        '    org: user.orgId,',
        '  });',
        '}',
        '',
      ].join('\n'),
      'src/app/login.ts': ["import { track, type User } from '../lib/analytics';", 'export function onLogin(current: User) {', '  track(current);', '}', ''].join('\n'),
    });
    const { code, stdout } = runCli(['explain', 'src/app/login.ts:3'], root);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'src/app/login.ts:3:3  track sends to mixpanel (people.set, from mixpanel-browser) via mixpanel.people.set at src/lib/analytics.ts:4',
        '  $email: email, found by name: violation (no piiflow.policy.yaml allows email for Mixpanel)',
        '    1. src/app/login.ts:3:9  current',
        '    2. src/lib/analytics.ts:5:5  $email: user.email',
        '    3. src/lib/analytics.ts:4:3  mixpanel.people.set({ $email: user.email, $name: user.name, org: user.orgId, })',
        '  $name: name, found by name: violation (no piiflow.policy.yaml allows name for Mixpanel)',
        '    1. src/app/login.ts:3:9  current',
        '    2. src/lib/analytics.ts:6:5  $name: user.name',
        '    3. src/lib/analytics.ts:4:3  mixpanel.people.set({ $email: user.email, $name: user.name, org: user.orgId, })',
        '  org: org_id, found by name: violation (no piiflow.policy.yaml allows org_id for Mixpanel)',
        '    1. src/app/login.ts:3:9  current',
        '    2. src/lib/analytics.ts:7:5  org: user.orgId',
        '    3. src/lib/analytics.ts:4:3  mixpanel.people.set({ $email: user.email, $name: user.name, org: user.orgId, })',
        '',
      ].join('\n'),
    );
    // The scan still reports the wrapper's flow once, at its SDK call.
    expect(runCli(['scan', '.', '-f', 'json'], root).stdout).toContain('"file": "src/lib/analytics.ts"');
  });

  it('through a wrapper that builds the object first, the wrapper\'s hops in order', () => {
    const root = temporaryRepository({
      'src/lib/analytics.ts': "import mixpanel from 'mixpanel-browser';\nexport function track(user: { email: string }) {\n  const props = { $email: user.email };\n  mixpanel.people.set(props);\n}\n",
      'src/app/login.ts': "import { track } from '../lib/analytics';\nexport const onLogin = (me: { email: string }) => track(me);\n",
    });
    const { stdout } = runCli(['explain', 'src/app/login.ts:2'], root);
    expect(stdout).toContain(['    1. src/app/login.ts:2:57  me', '    2. src/lib/analytics.ts:3:27  user.email', '    3. src/lib/analytics.ts:4:3  mixpanel.people.set(props)'].join('\n'));
  });
});
