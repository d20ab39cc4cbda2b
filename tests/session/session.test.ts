import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { plugin } from '../../src/eslint/plugin';
import { explain } from '../../src/session/index';
import { scan } from '../helpers/piiflow';
import { temporaryRepository } from '../helpers/repository';

/**
 * A module shared by two folders: what its function returns depends on which policy judges the
 * caller, since one policy declares `prepare` an anonymizer and the other does not. Whatever was
 * learnt of the module under one policy must not leak into the other folder's verdicts.
 */
const sharedWrapper = {
  'shared/prepare.ts': 'export function prepare(value: string): string {\n  return value.trim();\n}\n',
};
const caller = "import posthog from 'posthog-js';\nimport { prepare } from '../shared/prepare';\nexport const go = (user: { email: string }) => posthog.capture('signed_up', { e: prepare(user.email) });\n";
const withAnonymizer = 'version: 1\nanonymizers:\n  - { function: prepare }\nvendors:\n  posthog: { anonymize: [email] }\n';
const without = 'version: 1\nvendors:\n  posthog: { anonymize: [email] }\n';

/** Two folders in one repository, `first` sorted before `second`; `anonymizing` names the one whose policy declares the anonymizer. */
function twoFolders(anonymizing: 'first' | 'second'): string {
  return temporaryRepository({
    ...sharedWrapper,
    'first/app.ts': caller,
    'second/app.ts': caller,
    'first/piiflow.policy.yaml': anonymizing === 'first' ? withAnonymizer : without,
    'second/piiflow.policy.yaml': anonymizing === 'second' ? withAnonymizer : without,
  });
}

const verdictsByFile = (root: string, paths?: string[]) =>
  Object.fromEntries(scan({ cwd: root, ...(paths ? { paths } : {}) }).flows.map((flow) => [flow.sink.file, flow.data.map((item) => `${item.category}${item.anonymized ? '*' : ''} ${item.verdict}`)]));

describe('one session per analysis: what one policy teaches never reaches another', () => {
  it.each(['first', 'second'] as const)('one scan of both folders (the %s declares the anonymizer) judges each folder by its own policy', (anonymizing) => {
    const root = twoFolders(anonymizing);
    const other = anonymizing === 'first' ? 'second' : 'first';
    expect(verdictsByFile(root)).toEqual({
      [`${anonymizing}/app.ts`]: ['email* allowed'],
      [`${other}/app.ts`]: ['email violation'],
    });
  });

  it.each(['first', 'second'] as const)('scans of the two folders in one process, in either order, agree with scans made alone (%s first)', (start) => {
    const root = twoFolders('first');
    const order = start === 'first' ? ['first', 'second'] : ['second', 'first'];
    const results = Object.fromEntries(order.map((folder) => [folder, verdictsByFile(root, [folder])]));
    expect(results).toEqual({ first: { 'app.ts': ['email* allowed'] }, second: { 'app.ts': ['email violation'] } });
  });

  it('a long-lived ESLint process linting files under two policies alternately gives each file its own verdict', () => {
    const root = twoFolders('first');
    const linter = new Linter({ cwd: root });
    const config = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended];
    const lint = (folder: string) => linter.verify(caller, config, { filename: join(root, folder, 'app.ts') }).map((message) => message.message);
    const violation = [expect.stringMatching(/^e \(email\) is sent to PostHog by posthog.capture: vendors\.posthog\.anonymize allows email for PostHog only anonymized/)];
    for (let round = 0; round < 2; round++) {
      expect(lint('first'), `round ${round}: the anonymizer's folder`).toEqual([]);
      expect(lint('second'), `round ${round}: the other folder`).toEqual(violation);
    }
  });
});

describe('explain and scan share the session', () => {
  const policy = 'version: 1\ncustomVendors:\n  - { id: acme, name: Acme Track, kind: product-analytics, entrypoints: [{ package: "@acme/track" }], sinks: [{ call: track, args: { 1: event-properties } }] }\n';
  const app = "import { track } from '@acme/track';\nexport const signUp = (email: string) =>\n  track('signed_up', { email });\n";

  it('a vendor the policy declares is reported by both, with the same verdict', () => {
    const root = temporaryRepository({ 'piiflow.policy.yaml': policy, 'src/app.ts': app });
    const scanned = scan({ cwd: root }).flows;
    expect(scanned.map((flow) => [flow.vendor, flow.sink.line, flow.data.map((item) => `${item.category} ${item.verdict}`)])).toEqual([['acme', 3, ['email violation']]]);
    const explained = explain(join(root, 'src', 'app.ts'), 3, { cwd: root });
    expect(explained.notSinks).toEqual([]);
    expect(explained.flows.map((flow) => [flow.vendor, flow.sink.line, flow.data.map((item) => `${item.category} ${item.verdict}: ${item.reason}`)])).toEqual(
      scanned.map((flow) => [flow.vendor, flow.sink.line, flow.data.map((item) => `${item.category} ${item.verdict}: ${item.reason}`)]),
    );
  });

  it('explain reads imports only inside the repository, as the scan does', () => {
    const outside = temporaryRepository({ 'track.ts': "import posthog from 'posthog-js';\nexport const send = (p: object) => posthog.capture('x', p);\n" });
    const root = temporaryRepository({ 'src/app.ts': `import { send } from '${join(outside, 'track')}';\nexport const go = (email: string) => send({ email });\n` });
    expect(scan({ cwd: root }).flows).toEqual([]);
    expect(explain(join(root, 'src', 'app.ts'), 2, { cwd: root }).flows).toEqual([]);
  });
});
