import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES_DIR, loadCatalog, scan } from './helpers/piiflow';
import { compareWithMarkers, readExpectations } from './helpers/expectations';

const fixtures = join(__dirname, 'fixtures', 'vendors');
const catalog = loadCatalog();
const vendorIds = readdirSync(join(BUNDLED_RULES_DIR, 'vendors')).map((name) => name.replace(/\.yaml$/, '')).sort();

describe('vendor catalog fixtures', () => {
  it('loads every vendor file', () => {
    expect([...catalog.vendors.keys()].sort()).toEqual(vendorIds);
  });

  it('has a fixture folder for every vendor and a vendor for every fixture folder', () => {
    expect(readdirSync(fixtures).sort()).toEqual(vendorIds);
  });

  describe.each(vendorIds)('%s', (vendor) => {
    it('positive fixture: every marked call is found with exactly its categories, nothing else', () => {
      const file = join(fixtures, vendor, 'positive.ts');
      expect(existsSync(file), `${file} is missing`).toBe(true);
      const markers = readExpectations(file).filter((marker) => !marker.todo);
      expect(markers.filter((marker) => marker.vendor === vendor).length, 'a positive fixture marks at least two calls of its vendor').toBeGreaterThanOrEqual(2);
      const result = scan({ paths: [file] });
      expect(result.skipped).toEqual([]);
      expect(compareWithMarkers(file, result.flows)).toEqual([]);
    });

    it('negative fixture: decoys and data-free calls send no personal data', () => {
      const file = join(fixtures, vendor, 'negative.ts');
      expect(existsSync(file), `${file} is missing`).toBe(true);
      const result = scan({ paths: [file] });
      expect(result.skipped).toEqual([]);
      expect(compareWithMarkers(file, result.flows)).toEqual([]);
      expect(result.summary.dataItems).toBe(0);
    });
  });
});

describe('endpoints of OpenAI-compatible SDKs', () => {
  it('name a vendor of the catalog or self-hosted', () => {
    const targets = [...catalog.vendors.values()].flatMap((vendor) => [vendor.endpoints?.hosts, vendor.endpoints?.env, vendor.endpoints?.paths].flatMap((table) => Object.values(table ?? {})));
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((target) => target !== 'self-hosted' && !catalog.vendors.has(target))).toEqual([]);
  });
});
