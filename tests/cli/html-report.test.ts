import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';

const app = [
  "import * as Sentry from '@sentry/browser';",
  "import posthog from 'posthog-js';",
  "import { createHmac } from 'node:crypto';",
  'export function login(user: { id: string; email: string }) {',
  '  Sentry.setUser({ email: user.email });',
  "  posthog.identify(user.id, { email_hash: createHmac('sha256', process.env.EMAIL_HMAC_KEY!).update(user.email).digest('hex') });",
  '}',
  '',
].join('\n');

// Issue 16, defect 7: the HTML report of `scan .` was titled ".", had no commit, no list of violations at the top,
// and did not mark anonymized flows.
describe('the HTML report', () => {
  it('names the folder, the commit, lists the violations first with links, and draws anonymized links dashed', () => {
    const root = temporaryRepository({ 'src/app.ts': app, 'piiflow.policy.yaml': 'version: 1\nvendors:\n  posthog:\n    allow: [user_id]\n    anonymize: [email]\n' });
    execFileSync('rm', ['-rf', join(root, '.git')]);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: root, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const [id, date] = git('log', '-1', '--format=%H %cs').trim().split(' ');
    expect(runCli(['scan', '.', '-f', 'html', '-o', 'report.html'], root).code).toBe(1);
    const html = readFileSync(join(root, 'report.html'), 'utf8');
    expect(html).toContain(`<title>piiflow data-flow report: ${basename(root)}</title>`);
    expect(html).toContain(`At commit <code>${id!.slice(0, 12)}</code> of ${date}`);
    const list = html.indexOf('<section id="violations"><h2>Violations (1)</h2>');
    expect(list).toBeGreaterThan(0);
    expect(list).toBeLessThan(html.indexOf('<section id="map"'));
    expect(html).toMatch(/<li><a href="#(at-src_app_ts-5-\d+)"><code>src\/app\.ts:5<\/code><\/a> email is sent to Sentry/);
    const anchor = /<a href="#(at-src_app_ts-5-\d+)">/.exec(html)![1];
    expect(html).toContain(`id="${anchor}"`);
    expect(html).toMatch(/<path class="link anonymized" data-category="email" data-vendor="posthog"/);
    // Two runs on the same tree still give the same file.
    runCli(['scan', '.', '-f', 'html', '-o', 'again.html'], root);
    expect(readFileSync(join(root, 'again.html'), 'utf8')).toBe(html);
  });
});
