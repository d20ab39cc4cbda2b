import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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

interface ActionStep { id?: string; name?: string; if?: string; run?: string; uses?: string; env?: Record<string, string>; shell?: string }
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

  /** Runs the action's shell steps (not the upload and the comment) as the runner would, with `${{ }}` resolved. */
  function runAction(root: string, github: Record<string, string>, inputs: Record<string, string> = {}): { code: number; outputs: Record<string, Record<string, string>>; summary: string } {
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
    let code = 0;
    for (const step of action.runs.steps) {
      if (!step.run || step.name?.startsWith('Comment')) continue;
      if (step.id === 'since' && github['event_name'] !== 'pull_request') continue;
      const output = join(root, '.output');
      writeFileSync(output, '');
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, resolve(String(value))]));
      const run = spawnSync('bash', ['-e', '-c', resolve(step.run)], { cwd: root, env: { ...process.env, ...env, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary }, encoding: 'utf8' });
      if (step.id) outputs[step.id] = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
      if (step.id === 'gate' || run.status !== 0) {
        code = run.status ?? 3;
        break;
      }
    }
    return { code, outputs, summary: readFileSync(summary, 'utf8') };
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
    writeFileSync(join(root, '.gitignore'), 'node_modules/\n.output\n.summary\npiiflow.*\n!piiflow.baseline.json\n');
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

  it('.pre-commit-hooks.yaml runs the project\'s piiflow on the staged source files of every extension piiflow reads', () => {
    const [hook] = parse(readFileSync(join(repo, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string; language: string }[];
    expect(hook).toMatchObject({ id: 'piiflow', entry: 'npx --no-install piiflow scan', language: 'system' });
    const files = new RegExp(hook!.files);
    for (const extension of SOURCE_EXTENSIONS) expect(files.test(`src/app.${extension}`), extension).toBe(true);
    expect(files.test('README.md')).toBe(false);
  });
});
