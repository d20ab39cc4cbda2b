import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPTIONS } from '../src/cli/options';
import { SOURCE_EXTENSIONS } from '../src/scanner/files';
import { temporaryRepository } from './helpers/repository';

const repo = join(__dirname, '..');
const scanOptions = new Set(Object.entries(OPTIONS).flatMap(([name, option]) => [`--${name}`, ...('short' in option ? [`-${option.short}`] : [])]));

/** The `--options` a shell script passes to `piiflow scan`. */
function optionsIn(script: string): string[] {
  return [...script.matchAll(/piiflow\S* scan ([^\n;]*)/gi)].flatMap((match) => match[1]!.match(/(?<=\s|^)--?[a-z][a-z-]*/g) ?? []);
}

interface ActionStep { id?: string; name?: string; if?: string; run?: string; uses?: string; with?: Record<string, string>; env?: Record<string, string>; shell?: string; 'working-directory'?: string }
const action = parse(readFileSync(join(repo, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { using: string; steps: ActionStep[] } };

describe('the GitHub Action (action.yml)', () => {
  it('is a composite action whose scripts pass only options piiflow scan has, and name only inputs and steps it declares', () => {
    expect(action.runs.using).toBe('composite');
    const text = readFileSync(join(repo, 'action.yml'), 'utf8');
    const used = action.runs.steps.flatMap((step) => optionsIn(step.run ?? ''));
    expect(used).toEqual(expect.arrayContaining(['-f', '-o', '--since']));
    for (const option of used) expect(scanOptions, option).toContain(option);
    for (const [, input] of text.matchAll(/inputs\.([a-z-]+)/g)) expect(Object.keys(action.inputs)).toContain(input);
    const ids = action.runs.steps.map((step) => step.id).filter(Boolean);
    for (const [, id] of text.matchAll(/steps\.([a-z-]+)\.outputs/g)) expect(ids).toContain(id);
    expect(action.runs.steps.map((step) => step.uses).filter(Boolean)).toEqual(['github/codeql-action/upload-sarif@v3']);
  });

  /**
   * Runs the action's steps as the runner would, with `${{ }}` resolved, each in its working directory and with
   * GITHUB_ACTION_PATH at this checkout. The upload step is recorded (its `sarif_file`), the comment step talks to a
   * fake `gh` on PATH whose comments live in `<root>/.gh.json`.
   */
  function runAction(root: string, github: Record<string, string>, inputs: Record<string, string> = {}): { code: number; outputs: Record<string, Record<string, string>>; summary: string; uploaded: string[]; log: string } {
    const values: Record<string, string> = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default ?? '']));
    const outputs: Record<string, Record<string, string>> = {};
    const resolve = (text: string): string =>
      text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
        const [scope, name, , key] = expression.split('.');
        if (scope === 'inputs') return values[name!] ?? '';
        if (scope === 'steps') return outputs[name!]?.[key!] ?? '';
        if (scope === 'github') return github[expression.slice('github.'.length)] ?? '';
        throw new Error(`unresolved expression ${expression}`);
      });
    const summary = join(root, '.summary');
    writeFileSync(summary, '');
    const bin = fakeGh(root);
    const uploaded: string[] = [];
    const pullRequest = github['event_name'] === 'pull_request';
    let code = 0;
    let log = '';
    let failed = false;
    for (const step of action.runs.steps) {
      // After a failed step, only those marked `if: always()` run.
      if (failed && !step.if?.includes('always()')) continue;
      if (step.id === 'since' && !pullRequest) continue;
      if (step.uses) {
        if (values['sarif'] === 'true' && outputs['full']?.['exit-code']) uploaded.push(resolve(String(step.with?.['sarif_file'])));
        continue;
      }
      if (step.name?.startsWith('Comment') && !(pullRequest && values['comment'] === 'true' && outputs['since']?.['exit-code'])) continue;
      const output = join(root, '.output');
      writeFileSync(output, '');
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, resolve(String(value))]));
      const cwd = join(root, resolve(step['working-directory'] ?? '.'));
      const run = spawnSync('bash', ['-e', '-c', resolve(step.run!)], {
        cwd,
        env: { ...process.env, ...env, PATH: `${bin}:${process.env['PATH']}`, GITHUB_ACTION_PATH: repo, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, FAKE_GH_STATE: join(root, '.gh.json') },
        encoding: 'utf8',
      });
      log += run.stdout + run.stderr;
      if (step.id) outputs[step.id] = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
      if (step.id === 'gate') code = run.status ?? 3;
      else if (run.status !== 0) failed = true;
    }
    return { code, outputs, summary: readFileSync(summary, 'utf8'), uploaded, log };
  }

  /** A `gh` that keeps a pull request's comments in a JSON file and logs every call. */
  function fakeGh(root: string): string {
    const bin = join(root, '.bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'gh'),
      `#!${process.execPath}
const fs = require('node:fs');
const file = process.env.FAKE_GH_STATE;
const state = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { comments: [], calls: [] };
const args = process.argv.slice(2);
state.calls.push(args.join(' '));
const method = args.includes('--method') ? args[args.indexOf('--method') + 1] : 'GET';
const path = args.find((arg) => arg.startsWith('repos/'));
const input = args.includes('--input') ? JSON.parse(fs.readFileSync(args[args.indexOf('--input') + 1], 'utf8')) : undefined;
let answer;
if (method === 'GET') {
  const page = Number(new URL(path, 'https://x/').searchParams.get('page') || 1);
  answer = state.comments.slice((page - 1) * 100, page * 100);
} else if (method === 'POST') {
  answer = { id: 1000 + state.comments.length, body: input.body };
  state.comments.push(answer);
} else {
  answer = state.comments.find((comment) => String(comment.id) === path.split('/').pop());
  answer.body = input.body;
}
fs.writeFileSync(file, JSON.stringify(state));
process.stdout.write(JSON.stringify(answer));
`,
      { mode: 0o755 },
    );
    return bin;
  }

  const ghState = (root: string): { comments: { id: number; body: string }[]; calls: string[] } => JSON.parse(readFileSync(join(root, '.gh.json'), 'utf8'));

  /** The project's own copy of piiflow, as after npm ci. */
  function installPiiflow(folder: string): void {
    mkdirSync(join(folder, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(folder, 'node_modules', '.bin', 'piiflow'), `#!/bin/sh\nexec node ${JSON.stringify(join(repo, 'bin', 'piiflow.js'))} "$@"\n`, { mode: 0o755 });
  }

  const leak = "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";
  const git = (root: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: root, stdio: 'pipe' });

  it('runs the scan, writes SARIF and the summary, and fails on new violations only', () => {
    const root = temporaryRepository({ 'src/a.ts': leak });
    // The project's own copy of piiflow, as after npm ci.
    writeFileSync(join(root, 'piiflow'), `#!/bin/sh\nexec node ${JSON.stringify(join(repo, 'bin', 'piiflow.js'))} "$@"\n`, { mode: 0o755 });
    execFileSync('mkdir', ['-p', join(root, 'node_modules', '.bin')]);
    execFileSync('cp', [join(root, 'piiflow'), join(root, 'node_modules', '.bin', 'piiflow')]);
    const push = runAction(root, { event_name: 'push' });
    expect(push.code).toBe(1);
    expect(JSON.parse(readFileSync(join(root, 'piiflow.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
    expect(push.summary).toContain('## piiflow: ✖ 1 violation');

    // Baselined: the branch passes; a pull request that adds nothing new passes; one that adds a vendor fails.
    execFileSync(process.execPath, [join(repo, 'bin', 'piiflow.js'), 'baseline', '.'], { cwd: root });
    writeFileSync(join(root, '.gitignore'), 'node_modules/\n.output\n.summary\n.bin/\n.gh.json\npiiflow.*\n!piiflow.baseline.json\n');
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'base');
    expect(runAction(root, { event_name: 'push' }).code).toBe(0);
    writeFileSync(join(root, 'src', 'b.ts'), "import posthog from 'posthog-js';\nexport const g = (user: { email: string }) => posthog.capture('x', { email: user.email });\n");
    const pull = runAction(root, { event_name: 'pull_request', base_ref: 'main' }, { since: 'main' });
    expect(pull.code).toBe(1);
    expect(pull.outputs['gate']).toEqual({ 'exit-code': '1' });
    expect(pull.summary).toContain('starts sending **email** to **PostHog** (a new vendor)');
    expect(runAction(root, { event_name: 'pull_request', base_ref: 'main' }, { since: 'main', 'fail-on-violations': 'false' }).code).toBe(0);
  });

  /** A repository whose baseline accepts today's violation, committed on main, and a change that adds PostHog. */
  function pullRequestRepository(): string {
    const root = temporaryRepository({ 'src/a.ts': leak, '.gitignore': 'node_modules/\n.output\n.summary\n.bin/\n.gh.json\npiiflow.*\n!piiflow.baseline.json\n' });
    installPiiflow(root);
    execFileSync(process.execPath, [join(repo, 'bin', 'piiflow.js'), 'baseline', '.'], { cwd: root });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'base');
    writeFileSync(join(root, 'src', 'b.ts'), "import posthog from 'posthog-js';\nexport const g = (user: { email: string }) => posthog.capture('x', { email: user.email });\n");
    return root;
  }

  const pullRequest = { event_name: 'pull_request', base_ref: 'main', 'event.pull_request.number': '7', repository: 'acme/shop', 'event.pull_request.head.repo.full_name': 'acme/shop' };

  it('comments the --since summary on the pull request, once, and updates that comment on the next push', () => {
    const root = pullRequestRepository();
    // 150 comments by others already: the piiflow comment is looked for on every page.
    writeFileSync(join(root, '.gh.json'), JSON.stringify({ comments: Array.from({ length: 150 }, (_, index) => ({ id: index + 1, body: `review ${index} <!-- piiflow -->` })), calls: [] }));
    const first = runAction(root, pullRequest, { since: 'main' });
    expect(first.code).toBe(1);
    let state = ghState(root);
    expect(state.comments).toHaveLength(151);
    const comment = state.comments[150]!;
    expect(comment.body.startsWith('<!-- piiflow -->\n')).toBe(true);
    expect(comment.body).toContain('starts sending **email** to **PostHog** (a new vendor)');
    expect(comment.body).toBe(`<!-- piiflow -->\n${readFileSync(join(root, 'piiflow.md'), 'utf8')}`);
    expect(state.calls).toEqual(['api repos/acme/shop/issues/7/comments?per_page=100&page=1', 'api repos/acme/shop/issues/7/comments?per_page=100&page=2', expect.stringMatching(/^api --method POST repos\/acme\/shop\/issues\/7\/comments --input \S+body\.json$/)]);

    // The next push removes the new call: the same comment now says nothing new is sent.
    execFileSync('rm', [join(root, 'src', 'b.ts')]);
    const second = runAction(root, pullRequest, { since: 'main' });
    expect(second.code).toBe(0);
    state = ghState(root);
    expect(state.comments).toHaveLength(151);
    expect(state.calls.at(-1)).toMatch(new RegExp(`^api --method PATCH repos/acme/shop/issues/comments/${comment.id} --input `));
    expect(state.comments[150]!.body).not.toContain('PostHog');
    expect(state.comments[150]!.body.startsWith('<!-- piiflow -->\n')).toBe(true);
  });

  it('comments nothing with comment: false, and nothing outside a pull request', () => {
    const root = pullRequestRepository();
    runAction(root, pullRequest, { since: 'main', comment: 'false' });
    runAction(root, { event_name: 'push' });
    expect(() => ghState(root)).toThrow();
  });

  it('the SARIF output names the file the scan wrote, relative to the workspace, and that file is uploaded', () => {
    const root = temporaryRepository({ 'apps/web/src/a.ts': leak });
    installPiiflow(join(root, 'apps', 'web'));
    const run = runAction(root, { event_name: 'push' }, { 'working-directory': 'apps/web' });
    expect(run.outputs['full']!['sarif']).toBe('apps/web/piiflow.sarif');
    expect(run.uploaded).toEqual(['apps/web/piiflow.sarif']);
    expect(JSON.parse(readFileSync(join(root, run.uploaded[0]!), 'utf8')).runs[0].results).toHaveLength(1);
    expect((parse(readFileSync(join(repo, 'action.yml'), 'utf8')) as { outputs: Record<string, { value: string }> }).outputs['sarif']!.value).toBe('${{ steps.full.outputs.sarif }}');
    expect(runAction(root, { event_name: 'push' }, { 'working-directory': 'apps/web', sarif: 'false' }).uploaded).toEqual([]);
  });

  it.each([
    ['a branch with violations', { FULL: '1' }, 1],
    ['a branch without', { FULL: '0' }, 0],
    ['a pull request that adds nothing, on a branch with old violations', { FULL: '1', SINCE: '0' }, 0],
    ['a pull request that starts sending something', { FULL: '0', SINCE: '1' }, 1],
    ['violations with fail-on-violations off', { FULL: '1', SINCE: '1', FAIL: 'false' }, 0],
    ['a configuration error, even with fail-on-violations off', { FULL: '2', FAIL: 'false' }, 2],
    ['a scan that never ran', {}, 2],
  ])('the gate: %s', (_name, env, expected) => {
    const root = temporaryRepository();
    const output = join(root, 'output');
    writeFileSync(output, '');
    const run = spawnSync('bash', [join(repo, 'ci', 'github', 'gate.sh')], { cwd: root, env: { PATH: process.env['PATH'], FAIL: 'true', ...env, GITHUB_OUTPUT: output }, encoding: 'utf8' });
    expect(run.status).toBe(expected);
    expect(readFileSync(output, 'utf8')).toBe(`exit-code=${'SINCE' in env ? env.SINCE : 'FULL' in env ? env.FULL : 2}\n`);
  });

  it('the comment body: the marker, the summary cut to what GitHub accepts, or why there is none', async () => {
    const { commentBody, MARKER } = await import('../ci/github/comment.mjs');
    expect(MARKER).toBe('<!-- piiflow -->');
    expect(commentBody('## piiflow: ✔ nothing new\n', '0')).toBe('<!-- piiflow -->\n## piiflow: ✔ nothing new\n');
    const long = commentBody('x'.repeat(100_000), '1');
    expect(long.length).toBeLessThanOrEqual(65_536);
    expect(long).toContain('(cut here: the whole summary is in the job summary)');
    // A --since scan that failed left no summary of its own (piiflow.md is then the full scan's): no stale report.
    expect(commentBody('## piiflow: stale full report\n', '2')).toBe('<!-- piiflow -->\n## piiflow\n\npiiflow could not compare this pull request (exit code 2): see the job log.\n');
  });

  it('a configuration error fails the job with exit 2', () => {
    const root = temporaryRepository({ 'src/a.ts': leak, 'piiflow.policy.yaml': 'version: 1\nvendor: {}\n' });
    execFileSync('mkdir', ['-p', join(root, 'node_modules', '.bin')]);
    writeFileSync(join(root, 'node_modules', '.bin', 'piiflow'), `#!/bin/sh\nexec node ${JSON.stringify(join(repo, 'bin', 'piiflow.js'))} "$@"\n`, { mode: 0o755 });
    expect(runAction(root, { event_name: 'push' }).code).toBe(2);
  });
});

describe('the GitLab CI template and the pre-commit hook', () => {
  it('the GitLab template passes only options piiflow scan has', () => {
    const template = parse(readFileSync(join(repo, 'ci', 'piiflow.gitlab-ci.yml'), 'utf8')) as { piiflow: { script: string[]; artifacts: { paths: string[] } } };
    const options = template.piiflow.script.flatMap(optionsIn);
    expect(options).toContain('--since');
    for (const option of options) expect(scanOptions).toContain(option);
    expect(template.piiflow.artifacts.paths).toEqual(['piiflow.sarif', 'piiflow.html', 'piiflow.md']);
  });

  it('the GitLab template, run as a merge request pipeline would, runs the commands the README shows and fails on what the merge request adds', () => {
    const template = parse(readFileSync(join(repo, 'ci', 'piiflow.gitlab-ci.yml'), 'utf8')) as { piiflow: { script: string[]; variables: Record<string, string> } };
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const shown = /\*\*GitLab CI\*\*[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)![1]!.trim().split('\n');
    const root = temporaryRepository({ 'src/a.ts': "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n", '.gitignore': 'node_modules/\npiiflow.*\n!piiflow.baseline.json\n.log\n' });
    mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
    // The project's piiflow, logging how it is called.
    writeFileSync(join(root, 'node_modules', '.bin', 'piiflow'), `#!/bin/sh\necho "piiflow $*" >> .log\nexec node ${JSON.stringify(join(repo, 'bin', 'piiflow.js'))} "$@"\n`, { mode: 0o755 });
    execFileSync(process.execPath, [join(repo, 'bin', 'piiflow.js'), 'baseline', '.'], { cwd: root });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: root, stdio: 'pipe' });
    execFileSync('rm', ['-rf', join(root, '.git')]);
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('clone', '-q', '--bare', root, join(root, 'node_modules', 'origin.git'));
    git('remote', 'add', 'origin', join(root, 'node_modules', 'origin.git'));
    writeFileSync(join(root, 'src', 'b.ts'), "import posthog from 'posthog-js';\nexport const g = (user: { email: string }) => posthog.capture('x', { email: user.email });\n");
    const pipeline = (extra: Record<string, string>) =>
      spawnSync('bash', ['-e', '-c', template.piiflow.script.join('\n')], { cwd: root, env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...template.piiflow.variables, ...extra }, encoding: 'utf8' });
    const request = pipeline({ CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', CI_PIPELINE_SOURCE: 'merge_request_event' });
    expect(request.status, request.stderr).toBe(1);
    expect(request.stdout).toContain('starts sending **email** to **PostHog** (a new vendor)');
    expect(readFileSync(join(root, '.log'), 'utf8').trim().split('\n')).toEqual(shown.map((line) => line.replace('<target branch>', 'main')));
    // A branch pipeline: only the first command; the baseline accepts the old violation, not the new one.
    writeFileSync(join(root, '.log'), '');
    const branch = pipeline({ CI_COMMIT_BRANCH: 'feature' });
    expect(branch.status).toBe(1);
    expect(readFileSync(join(root, '.log'), 'utf8').trim().split('\n')).toEqual([shown[0]]);
    expect(existsSync(join(root, 'piiflow.sarif')) && existsSync(join(root, 'piiflow.html'))).toBe(true);
  });

  it('.pre-commit-hooks.yaml runs the project\'s piiflow on the staged source files of every extension piiflow reads', () => {
    const [hook] = parse(readFileSync(join(repo, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string; language: string }[];
    expect(hook).toMatchObject({ id: 'piiflow', entry: 'npx --no-install piiflow scan', language: 'system' });
    const files = new RegExp(hook!.files);
    for (const extension of SOURCE_EXTENSIONS) expect(files.test(`src/app.${extension}`), extension).toBe(true);
    expect(files.test('README.md')).toBe(false);
  });
});
