import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, scan } from './helpers/piiflow';
import { compareWithMarkers } from './helpers/expectations';

const repo = join(__dirname, '..');

describe('npm run new-vendor', () => {
  // A copy of the parts the script writes into, so the test leaves the repository untouched.
  const sandbox = mkdtempSync(join(tmpdir(), 'piiflow-scaffold-'));
  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));
  mkdirSync(join(sandbox, 'scripts'));
  cpSync(join(repo, 'scripts', 'new-vendor.mjs'), join(sandbox, 'scripts', 'new-vendor.mjs'));
  cpSync(join(repo, 'rules'), join(sandbox, 'rules'), { recursive: true });
  const run = (args: string[]) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, [join(sandbox, 'scripts', 'new-vendor.mjs'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
    } catch (error) {
      const failed = error as { status: number; stderr: string };
      return { code: failed.status, out: failed.stderr };
    }
  };

  it('writes a valid vendor file and fixtures that pass as written', () => {
    expect(run(['acme-insights', '--package', '@acme/insights', '--name', 'Acme Insights']).code).toBe(0);
    const catalog = loadCatalog(join(sandbox, 'rules'));
    expect(catalog.vendors.get('acme-insights')?.name).toBe('Acme Insights');
    for (const kind of ['positive.ts', 'negative.ts']) {
      const file = join(sandbox, 'tests', 'fixtures', 'vendors', 'acme-insights', kind);
      const result = scan({ paths: [file], rulesDir: join(sandbox, 'rules') });
      expect(compareWithMarkers(file, result.flows), kind).toEqual([]);
    }
  });

  it('scaffolds a global-only vendor', () => {
    expect(run(['beacon', '--global', 'Beacon']).code).toBe(0);
    expect(readFileSync(join(sandbox, 'rules', 'vendors', 'beacon.yaml'), 'utf8')).toContain('  - global: Beacon\n');
    const file = join(sandbox, 'tests', 'fixtures', 'vendors', 'beacon', 'positive.ts');
    expect(compareWithMarkers(file, scan({ paths: [file], rulesDir: join(sandbox, 'rules') }).flows)).toEqual([]);
  });

  it('never overwrites, and rejects a bad id', () => {
    const again = run(['acme-insights', '--package', '@acme/insights']);
    expect(again.code).toBe(2);
    expect(again.out).toContain('not overwriting: rules/vendors/acme-insights.yaml');
    const bad = run(['Acme Insights']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('a vendor id in kebab-case is required');
  });
});
