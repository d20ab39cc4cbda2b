import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { runCli } from '../helpers/cli';

const repo = join(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'piiflow-formats-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('several formats from one scan', () => {
  it('writes each format to its own file, and the files agree with each other', () => {
    const files = ['report.json', 'report.sarif', 'summary.md', 'inventory.csv', 'inventory.json'].map((name) => join(scratch, name));
    const result = runCli(['scan', 'examples/webshop', '-f', 'json', '-o', files[0]!, '-f', 'sarif,markdown', '-o', `${files[1]},${files[2]}`, '-f', 'inventory-csv', '-o', files[3]!, '-f', 'inventory-json', '-o', files[4]!], repo);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const json = JSON.parse(readFileSync(files[0]!, 'utf8'));
    const sarif = JSON.parse(readFileSync(files[1]!, 'utf8'));
    expect(sarif.runs[0].results.length).toBe(json.summary.violations);
    expect(readFileSync(files[2]!, 'utf8')).toContain(`## piiflow: ✖ ${json.summary.violations} violations`);
    expect(readFileSync(files[3]!, 'utf8').split('\r\n')[0]).toMatch(/^vendor,vendorName,category/);
    expect(JSON.parse(readFileSync(files[4]!, 'utf8')).rows.length).toBeGreaterThan(10);
  });

  it('asks for one output per format', () => {
    const result = runCli(['scan', 'examples/webshop', '-f', 'json,sarif', '-o', join(scratch, 'only-one.json')], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2 formats need 2 --output files, one each (1 given)');
  });
});

describe('piiflow diff', () => {
  it('compares two JSON scans, in text and markdown', () => {
    const webshop = join(repo, 'tests', 'fixtures', 'reports', 'webshop.json');
    const policy = join(repo, 'tests', 'fixtures', 'reports', 'policy-features.json');
    const text = runCli(['diff', webshop, policy], repo);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Starts sending:\n- email to acme-events (a new vendor)');
    expect(runCli(['diff', webshop, policy, '--format', 'markdown'], repo).stdout).toContain('## piiflow: what changed');
    expect(runCli(['diff', webshop, webshop], repo).stdout).toBe('Nothing changed: the same vendors receive the same categories, and the violations are the same.\n');
  });

  it('rejects what is not a scan', () => {
    const result = runCli(['diff', 'package.json', 'package.json'], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('package.json: not a piiflow JSON scan (version 1)');
    expect(runCli(['diff', 'one.json'], repo).stderr).toContain('diff takes two JSON scans');
  });
});

describe('progress', () => {
  const scanWith = (stderrIsTty: boolean, env: NodeJS.ProcessEnv) => {
    let stderr = '';
    run(['scan', 'examples/webshop', '--format', 'json'], { stdout: () => undefined, stderr: (text) => (stderr += text), isTty: false, stderrIsTty, env, cwd: repo });
    return stderr;
  };

  it('shows files done of total on a terminal, and erases the line at the end', () => {
    const stderr = scanWith(true, {});
    expect(stderr).toContain('\rpiiflow: reading 9 files…');
    expect(stderr).toContain('\rpiiflow: analysing 9/9 files');
    expect(stderr.endsWith('\r\u001b[K')).toBe(true);
  });

  it('shows nothing when stderr is piped or in CI', () => {
    expect(scanWith(false, {})).toBe('');
    expect(scanWith(true, { CI: 'true' })).toBe('');
  });
});
