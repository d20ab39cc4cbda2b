import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../src/report/json';
import { renderText } from '../src/report/text';
import { scan } from './helpers/piiflow';

const repo = join(__dirname, '..');
const example = join(repo, 'examples', 'webshop');

describe('the bundled example (dogfood)', () => {
  const result = scan({ paths: ['examples/webshop'], cwd: repo });

  it('matches its committed expected report', () => {
    // Regenerate after an intended change: node bin/piiflow.js scan examples/webshop --format json --output examples/webshop/piiflow-report.expected.json
    const expected = readFileSync(join(example, 'piiflow-report.expected.json'), 'utf8');
    const normalize = (text: string) => text.replace(/"version": "[^"]+"/, '"version": "<version>"');
    expect(normalize(renderJson(result))).toBe(normalize(expected));
  });

  it('renders the human report as in the README', async () => {
    const text = renderText({ ...result, tool: { ...result.tool, version: '<version>' } }, { color: false, target: 'examples/webshop' });
    await expect(text).toMatchFileSnapshot('__snapshots__/webshop-report.txt');
  });

  it('sends data to eight vendors and violates the policy seven times', () => {
    expect(result.summary.vendors.map((vendor) => vendor.vendor)).toEqual([
      'datadog-rum',
      'google-analytics',
      'google-tag-manager',
      'intercom',
      'mixpanel',
      'posthog',
      'segment',
      'sentry',
    ]);
    expect(result.summary.violations).toBe(7);
    expect(result.policy).toBe('piiflow.policy.yaml');
  });

  it('the decoy in feature-flags.ts is not a flow', () => {
    expect(result.flows.filter((flow) => flow.sink.file === 'src/lib/feature-flags.ts')).toEqual([]);
  });
});

describe('the installed bin', () => {
  const bin = join(repo, 'bin', 'piiflow.js');
  const runBin = (args: string[]) => {
    try {
      return { code: 0, stdout: execFileSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), stderr: '' };
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('scans the example, prints the report and exits 1 on its violations', () => {
    const { code, stdout } = runBin(['scan', 'examples/webshop']);
    expect(code).toBe(1);
    expect(stdout).toContain('✖ 7 violations');
  });

  it('prints its version and help', () => {
    expect(runBin(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version);
    expect(runBin(['--help']).stdout).toContain('Exit codes: 0 no violations, 1 violations found, 2 usage or configuration error');
  });

  it('exits 2 with one line and no stack on bad input', () => {
    const { code, stderr } = runBin(['scan', 'missing-folder']);
    expect(code).toBe(2);
    expect(stderr).toBe('piiflow: missing-folder: no such file or directory\n  check the path, or run piiflow from the folder that holds it\n');
  });
});
