import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { plugin } from '../../src/eslint/plugin';
import { runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'piiflow-bad-policies-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const source = "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";

/** Each malformed policy: the message (with file:line:col) it must produce. Exit code 2 for all. */
const cases: [string, string, RegExp][] = [
  ['no version', 'vendors: {}\n', /piiflow\.policy\.yaml:1:1: invalid policy: missing required key "version"/],
  ['a future version', 'version: 2\n', /piiflow\.policy\.yaml:1:10: invalid policy: version: must be 1\n/],
  ['a duplicate key', 'version: 1\nversion: 1\n', /piiflow\.policy\.yaml:2:1: invalid YAML: Map keys must be unique/],
  ['a tab-broken mapping', 'version: 1\nvendors:\n  sentry:\n\tallow: [email]\n', /piiflow\.policy\.yaml:4:1: invalid YAML: /],
  ['an unknown key in a vendor rule', 'version: 1\nvendors:\n  sentry:\n    alow: [email]\n', /piiflow\.policy\.yaml:4:5: invalid policy: vendors\.sentry: unknown key "alow"/],
  ['allow that is not a list', 'version: 1\nvendors:\n  sentry:\n    allow: email\n', /piiflow\.policy\.yaml:4:12: invalid policy: vendors\.sentry\.allow: must be a list, not "email"\n/],
  ['an unknown vendor', 'version: 1\nvendors:\n  sentri: {}\n', /piiflow\.policy\.yaml:3:3: unknown vendor "sentri"\n {2}did you mean "sentry"\?/],
  ['an unknown category in anonymize', 'version: 1\nvendors:\n  sentry:\n    anonymize: [e-mail]\n', /piiflow\.policy\.yaml:4:17: unknown category "e-mail" in vendors\.sentry\.anonymize\n {2}did you mean "email"\?/],
  ['unclassified listed as a category', 'version: 1\nvendors:\n  posthog:\n    allow: [unclassified]\n', /piiflow\.policy\.yaml:4:13: "unclassified" is not a category in vendors\.posthog\.allow\n {2}objects of unknown shape are judged by the unclassified: key \(deny, warn or allow\)/],
  ['an unknown unclassified setting', 'version: 1\nunclassified: block\n', /piiflow\.policy\.yaml:2:15: invalid policy: unclassified: /],
  ['an unknown category in a field allow', 'version: 1\nvendors:\n  sentry:\n    allow: [{ field: contact, category: mail }]\n', /piiflow\.policy\.yaml:4:41: unknown category "mail" in vendors\.sentry\.allow\.category\n {2}did you mean "email"\?/],
  ['an override without files', 'version: 1\noverrides:\n  - vendors: { sentry: { allow: [email] } }\n', /piiflow\.policy\.yaml:3:5: invalid policy: overrides\.0: missing required key "files"/],
  ['an unknown vendor in an override', 'version: 1\noverrides:\n  - files: ["server/**"]\n    vendors: { segmnt: { allow: [email] } }\n', /piiflow\.policy\.yaml:4:16: unknown vendor "segmnt"\n {2}did you mean "segment"\?/],
  ['an ignore without a reason', 'version: 1\nignore:\n  - vendor: sentry\n', /piiflow\.policy\.yaml:3:5: invalid policy: ignore\.0: missing required key "reason"/],
  ['an ignore with a short reason', 'version: 1\nignore:\n  - vendor: sentry\n    reason: ok\n', /piiflow\.policy\.yaml:4:13: invalid policy: ignore\.0\.reason: must be at least 3 characters long\n/],
  ['an ignore with a badly written date', 'version: 1\nignore:\n  - vendor: sentry\n    reason: Support tool\n    expires: 31/12/2026\n', /piiflow\.policy\.yaml:5:14: invalid policy: ignore\.0\.expires: "31\/12\/2026" is not in the expected form: YYYY-MM-DD/],
  ['an ignore with an impossible date', 'version: 1\nignore:\n  - vendor: sentry\n    reason: Support tool\n    expires: 2026-13-45\n', /piiflow\.policy\.yaml:5:14: expires "2026-13-45" is not a date\n {2}write it as YYYY-MM-DD/],
  ['an ignore with a day that does not exist', 'version: 1\nignore:\n  - vendor: sentry\n    reason: Support tool\n    expires: "2027-02-31"\n', /piiflow\.policy\.yaml:5:14: expires "2027-02-31" is not a date\n {2}write it as YYYY-MM-DD/],
  ['a billion-laughs alias bomb', `version: 1\nvendors:\n  sentry:\n    purpose: &a0 lol\n${Array.from({ length: 12 }, (_, i) => `    x${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}\n`, /piiflow\.policy\.yaml:\d+:\d+: invalid YAML: Excessive alias count[^\n]*\n {2}aliases/],
  ['a policy over the size limit', `version: 1\nignore:\n${'  - { vendor: sentry, reason: a reason long enough to fill the file, files: ["src/some/path/**"] }\n'.repeat(20_000)}`, /piiflow\.policy\.yaml: the policy is 1\.\d MiB, over the limit of 1\.0 MiB: not read\n {2}piiflow reads policy files up to 1 MiB/],
  ['an ignore for an unknown vendor', 'version: 1\nignore:\n  - vendor: hotjr\n    reason: Support tool\n', /piiflow\.policy\.yaml:3:13: unknown vendor "hotjr"\n {2}did you mean "hotjar"\?/],
  ['extra names for an unknown category', 'version: 1\ndataTypes:\n  emails: { names: [courriel] }\n', /piiflow\.policy\.yaml:3:3: invalid policy: dataTypes: key "emails" is not allowed here\n {2}did you mean "email"\?/],
  ['extra names whose example does not match', 'version: 1\ndataTypes:\n  email: { names: [courriel], examples: [mailPro] }\n', /piiflow\.policy\.yaml:3:42: example "mailPro" of dataTypes\.email is classified as nothing, not email/],
  ['a custom vendor without sinks', 'version: 1\ncustomVendors:\n  - { id: acme, name: Acme, kind: analytics, entrypoints: [{ package: "@acme/x" }] }\n', /piiflow\.policy\.yaml:3:5: invalid custom vendor: must have required property 'sinks'\n/],
  ['a custom vendor that redefines a bundled one', 'version: 1\ncustomVendors:\n  - { id: sentry, name: Mine, kind: x, entrypoints: [{ global: mine }], sinks: [{ call: a, args: { 0: context } }] }\n', /piiflow\.policy\.yaml:3:11: vendor "sentry" is defined twice/],
  ['an endpoint named for a misspelled vendor', 'version: 1\nendpoints:\n  AI_BASE_URL: grok\n', /piiflow\.policy\.yaml:3:16: unknown vendor "grok" for the endpoint AI_BASE_URL\n {2}did you mean "groq"\? Name the vendor that runs it, or self-hosted/],
  ['an endpoint that is a URL', 'version: 1\nendpoints:\n  "https://llm.example.com/v1": self-hosted\n', /piiflow\.policy\.yaml:3:3: endpoints: "https:\/\/llm\.example\.com\/v1" is neither an environment variable nor a host\n {2}write the host alone \(llm\.example\.com\)/],
  ['an endpoint that is neither a variable nor a host', 'version: 1\nendpoints:\n  ai base url: self-hosted\n', /piiflow\.policy\.yaml:3:3: endpoints: "ai base url" is neither an environment variable nor a host\n {2}write an environment variable as it is named in the code \(AI_BASE_URL\) or a host \(llm\.example\.com, \*\.example\.com\)/],
  ['an endpoint that is not a vendor id', 'version: 1\nendpoints:\n  AI_BASE_URL: [groq]\n', /piiflow\.policy\.yaml:3:16: invalid policy: endpoints\.AI_BASE_URL: must be a text, not a list/],
  ['endpoints that are a list', 'version: 1\nendpoints: [AI_BASE_URL]\n', /piiflow\.policy\.yaml:2:12: invalid policy: endpoints: must be a mapping \(key: value\), not a list/],
  ['an unknown accept value in anonymize', 'version: 1\nvendors:\n  sentry:\n    anonymize: [{ category: email, accept: plain }]\n', /piiflow\.policy\.yaml:4:44: invalid policy: vendors\.sentry\.anonymize\.0\.accept: must be one of plain-hash\n {2}did you mean "plain-hash"\?/],
  ['a misspelt accept key in anonymize', 'version: 1\nvendors:\n  sentry:\n    anonymize: [{ category: email, acept: plain-hash }]\n', /piiflow\.policy\.yaml:4:36: invalid policy: vendors\.sentry\.anonymize\.0: unknown key "acept"\n {2}did you mean "accept"\?/],
  ['an anonymize entry without a category', 'version: 1\nvendors:\n  sentry:\n    anonymize: [{ accept: plain-hash }]\n', /piiflow\.policy\.yaml:4:17: invalid policy: vendors\.sentry\.anonymize\.0: missing required key "category"/],
  ['an unknown category in an anonymize entry', 'version: 1\nglobal:\n  anonymize:\n    - { category: e-mail, accept: plain-hash }\n', /piiflow\.policy\.yaml:4:19: unknown category "e-mail" in global\.anonymize\.category\n {2}did you mean "email"\?/],
  ['an anonymize entry that is a number', 'version: 1\nvendors:\n  sentry:\n    anonymize: [5]\n', /piiflow\.policy\.yaml:4:17: invalid policy: vendors\.sentry\.anonymize\.0: must be a text or a mapping \(key: value\), not 5\n/],
  ['accept given as a list', 'version: 1\noverrides:\n  - files: ["server/**"]\n    vendors: { sentry: { anonymize: [{ category: email, accept: [plain-hash] }] } }\n', /piiflow\.policy\.yaml:4:65: invalid policy: overrides\.0\.vendors\.sentry\.anonymize\.0\.accept: must be one of plain-hash/],
  ['an anonymizer that is not a function name', 'version: 1\nanonymizers:\n  - function: "hash()"\n', /piiflow\.policy\.yaml:3:15: invalid policy: anonymizers\.0\.function: "hash\(\)" is not in the expected form: The function's name as it is called/],
];

describe('every malformed policy gets a precise error and exit code 2', () => {
  it.each(cases)('%s', (name, policy, message) => {
    const root = join(scratch, name.replace(/\W+/g, '-'));
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(join(root, 'src', 'a.ts'), source);
    writeFileSync(join(root, 'piiflow.policy.yaml'), policy);
    const { code, stderr } = runCli(['scan', root], scratch);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)/);
    expect(code).toBe(2);
  });

  it.each([
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path), /the policy is a device, not a regular file: not read/],
    ['a pipe', (path: string) => execFileSync('mkfifo', [path]), /the policy is a pipe, not a regular file: not read/],
    ['a folder', (path: string) => mkdirSync(path), /the policy is a folder, not a regular file: not read/],
  ])('a policy that is %s: refused at once, in the CLI and in ESLint', (name, make, message) => {
    const root = join(scratch, `special-${name.replace(/\W+/g, '-')}`);
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(join(root, 'src', 'a.ts'), source);
    make(join(root, 'piiflow.policy.yaml'));
    const started = Date.now();
    const { code, stderr } = runCli(['scan', root], scratch);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    const linter = new Linter({ cwd: root });
    const lint = () => linter.verify(source, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended], { filename: join(root, 'src', 'a.ts') });
    let said: string;
    try {
      said = lint().map((m) => m.message).join('\n');
    } catch (error) {
      said = (error as Error).message;
    }
    expect(said).toMatch(message);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a pathological glob in overrides.files decides at once', () => {
    const root = join(scratch, 'glob-override');
    const deep = `${Array(60).fill('a').join('/')}/deep.ts`;
    mkdirSync(join(root, deep, '..'), { recursive: true });
    writeFileSync(join(root, deep), source);
    writeFileSync(join(root, 'piiflow.policy.yaml'), 'version: 1\noverrides:\n  - files: ["**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/b"]\n    vendors: { sentry: { allow: [email] } }\nignore:\n  - { files: ["**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/c"], reason: never matches }\n');
    const started = Date.now();
    expect(runCli(['scan', root], scratch).code).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it(`covers ${cases.length} malformed policies`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
});
