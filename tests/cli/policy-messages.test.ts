import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';

const leak = "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";

// Issue 16, defect 9: a did-you-mean for unknown keys, and no JSON Schema wording.
describe('policy errors speak YAML, with file:line:col and a did-you-mean', () => {
  const cases: { name: string; policy: string; stderr: RegExp }[] = [
    { name: 'an unknown top-level key', policy: 'version: 1\nvendor:\n  sentry: {}\n', stderr: /piiflow\.policy\.yaml:2:1: invalid policy: unknown key "vendor"\n {2}did you mean "vendors"\?/ },
    { name: 'an unknown key in a vendor', policy: 'version: 1\nvendors:\n  sentry:\n    alow: [email]\n', stderr: /piiflow\.policy\.yaml:4:5: invalid policy: vendors\.sentry: unknown key "alow"\n {2}did you mean "allow"\?/ },
    { name: 'a wrong version', policy: 'version: 2\n', stderr: /piiflow\.policy\.yaml:1:10: invalid policy: version: must be 1\n/ },
    { name: 'a text where a list belongs', policy: 'version: 1\nvendors:\n  sentry:\n    allow: email\n', stderr: /piiflow\.policy\.yaml:4:12: invalid policy: vendors\.sentry\.allow: must be a list, not "email"\n/ },
  ];
  it.each(cases)('$name', ({ policy, stderr }) => {
    const root = temporaryRepository({ 'src/a.ts': leak, 'piiflow.policy.yaml': policy });
    const run = runCli(['scan', '.'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr).not.toMatch(/must be equal to constant|must be array|must NOT have/);
  });
});

describe('piiflow init under a parent policy', () => {
  it('warns that the new policy replaces the stricter parent for those files', () => {
    const root = temporaryRepository({ 'src/server/a.ts': leak, 'piiflow.policy.yaml': 'version: 1\nvendors:\n  sentry:\n    allow: [user_id]\n' });
    const run = runCli(['init', 'src/server'], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('piiflow: warning: piiflow.policy.yaml judged these files until now; it does not allow 1 item that the new policy allows. The new policy replaces it for src/server (policies do not inherit)');
    expect(run.stdout).toContain(`Wrote ${join('src', 'server', 'piiflow.policy.yaml')}`);
  });

  it('says nothing when there is no parent policy', () => {
    const root = temporaryRepository({ 'src/server/a.ts': leak });
    expect(runCli(['init', 'src/server'], root).stderr).toBe('');
  });
});
