import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_RULES_DIR, catalogSnapshot, fromSnapshot, loadCatalog } from '../../src/catalog/catalog';

const folder = mkdtempSync(join(tmpdir(), 'piiflow-snapshot-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('catalog snapshot (what the build writes next to the engine)', () => {
  const rules = join(folder, 'rules');
  cpSync(BUNDLED_RULES_DIR, rules, { recursive: true });
  const snapshot = join(folder, 'catalog.snapshot.json');
  writeFileSync(snapshot, catalogSnapshot(rules));

  it('gives the very catalog the YAML files give', () => {
    const fromYaml = loadCatalog(rules);
    const fromJson = fromSnapshot(rules, snapshot);
    expect(fromJson?.fingerprint).toBe(fromYaml.fingerprint);
    expect([...fromJson!.vendors.keys()]).toEqual([...fromYaml.vendors.keys()]);
    expect(fromJson!.prefilter.source).toBe(fromYaml.prefilter.source);
    expect([...fromJson!.vendors.values()].map((vendor) => vendor.file)).toEqual([...fromYaml.vendors.values()].map((vendor) => vendor.file));
  });

  it('is not used once a vendor file, a data type or a schema differs from what it was made of', () => {
    appendFileSync(join(rules, 'vendors', 'mixpanel.yaml'), '\n# edited\n');
    expect(fromSnapshot(rules, snapshot)).toBeUndefined();
    writeFileSync(snapshot, catalogSnapshot(rules));
    expect(fromSnapshot(rules, snapshot)).toBeDefined();
    writeFileSync(join(rules, 'vendors', 'acme.yaml'), 'id: acme\n');
    expect(fromSnapshot(rules, snapshot)).toBeUndefined();
  });

  it('is ignored when missing or damaged', () => {
    expect(fromSnapshot(rules, join(folder, 'none.json'))).toBeUndefined();
    writeFileSync(join(folder, 'bad.json'), '{"stamp":');
    expect(fromSnapshot(rules, join(folder, 'bad.json'))).toBeUndefined();
  });
});
