import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';

const leak = "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";

// Issue 16, defect 7: with no policy, neither front-end said how to start one.
describe('a first run without a policy', () => {
  it('the scan suggests piiflow init', () => {
    const root = temporaryRepository({ 'src/a.ts': leak });
    const run = runCli(['scan', '.'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('No policy yet: `piiflow init` writes one that allows what the code sends today, to tighten from there.');
  });

  it('not once there is a policy', () => {
    const root = temporaryRepository({ 'src/a.ts': leak, 'piiflow.policy.yaml': 'version: 1\n' });
    expect(runCli(['scan', '.'], root).stdout).not.toContain('piiflow init');
  });
});
