import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from './helpers/piiflow';
import { diffScans, parseScan, renderDiff } from '../src/report/diff';
import { inventoryOf, renderInventoryCsv, renderInventoryJson } from '../src/report/inventory';
import { renderJson } from '../src/report/json';
import { renderHtml } from '../src/report/html';
import { renderMarkdown } from '../src/report/markdown';
import { renderSarif } from '../src/report/sarif';
import { renderText } from '../src/report/text';

/** Frozen scan results (committed JSON): a report changes only when its renderer does. */
const frozen = (name: string): ScanResult => JSON.parse(readFileSync(join(__dirname, 'fixtures', 'reports', `${name}.json`), 'utf8')) as ScanResult;
const scans = { webshop: frozen('webshop'), 'policy-features': frozen('policy-features') };

describe.each(Object.entries(scans))('reports of the %s scan', (name, result) => {
  it.each([
    ['text', () => renderText(result, { color: false, target: '.' }), 'txt'],
    ['json', () => renderJson(result), 'json'],
    ['sarif', () => renderSarif(result), 'sarif'],
    ['markdown', () => renderMarkdown(result), 'md'],
    ['html', () => renderHtml(result, { target: name }), 'html'],
    ['inventory-csv', () => renderInventoryCsv(result), 'csv'],
    ['inventory-json', () => renderInventoryJson(result), 'inventory.json'],
  ] as const)('%s', async (_format, render, extension) => {
    const output = render();
    expect(render(), 'two renders of the same scan are byte-identical').toBe(output);
    await expect(output).toMatchFileSnapshot(`__snapshots__/reports/${name}.${extension}`);
  });

  it('SARIF validates against the official SARIF 2.1.0 JSON Schema', () => {
    const schemaPath = createRequire(__filename).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    // The official schema has a pattern (language tags) that is not valid under the u flag: compile its patterns without it.
    // Its formats, checked (without them Ajv prints about 100 "unknown format ... ignored" warnings).
    const formats = {
      uri: (text: string) => URL.canParse(text),
      'uri-reference': (text: string) => URL.canParse(text, 'file:///'),
      'date-time': (text: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/.test(text),
    };
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false, formats });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    const log = JSON.parse(renderSarif(result)) as { runs: { results: { partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3), null, 2)).toBe(true);
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    for (const entry of results) {
      expect(entry.partialFingerprints['piiflow/v1']).toMatch(/^[0-9a-f]{20}$/);
      expect(entry.locations[0]!.physicalLocation.artifactLocation).toMatchObject({ uriBaseId: '%SRCROOT%' });
      expect(entry.locations[0]!.physicalLocation.artifactLocation.uri).not.toMatch(/^(\/|file:)/);
    }
  });
});

describe('report details', () => {
  it('SARIF carries suppressions, baseline state and the trace as a code flow', () => {
    const log = JSON.parse(renderSarif(scans['policy-features'])) as { runs: { results: { suppressions?: unknown[]; baselineState?: string; codeFlows?: unknown[] }[] }[] };
    const results = log.runs[0]!.results;
    expect(results.filter((entry) => entry.suppressions).map((entry) => entry.suppressions)).toEqual([
      [{ kind: 'inSource', justification: 'Consent for the call-back is recorded in the signup form (PRIV-9)', status: 'accepted' }],
      [{ kind: 'external', justification: 'Legacy support page, removal tracked in SEC-142', status: 'accepted' }],
    ]);
    expect(results.map((entry) => entry.baselineState).filter(Boolean)).toContain('unchanged');
    const webshop = JSON.parse(renderSarif(scans.webshop)) as { runs: { results: { codeFlows?: unknown[] }[] }[] };
    expect(webshop.runs[0]!.results.some((entry) => entry.codeFlows)).toBe(true);
  });

  it('the inventory has one row per vendor and category, with the policy fields and anonymization', () => {
    const rows = inventoryOf(scans.webshop);
    // A plain SHA-256 in the browser is pseudonymized; the server's HMAC with a key from the environment is anonymized.
    expect(rows.find((row) => row.vendor === 'posthog' && row.category === 'email')).toMatchObject({ anonymized: 'no', pseudonymized: 'yes', violations: 0, purpose: 'Product analytics', region: 'EU' });
    expect(rows.find((row) => row.vendor === 'segment' && row.category === 'email')).toMatchObject({ anonymized: 'yes', pseudonymized: 'no', violations: 0 });
    expect(rows.find((row) => row.vendor === 'sentry' && row.category === 'email')).toMatchObject({ anonymized: 'no', violations: 1, purpose: 'Error monitoring', legalBasis: 'legitimate interest', retention: '90 days' });
    expect(new Set(rows.map((row) => `${row.vendor}/${row.category}`)).size).toBe(rows.length);
  });

  it('the CSV quotes what needs it and never starts a cell with a formula character', () => {
    const result: ScanResult = JSON.parse(JSON.stringify(scans.webshop)) as ScanResult;
    result.summary.vendors[0]!.purpose = '=HYPERLINK("http://x"), "quoted", and more';
    const csv = renderInventoryCsv(result);
    expect(csv).toContain(`"'=HYPERLINK(""http://x""), ""quoted"", and more"`);
    expect(csv.split('\r\n')[0]).toBe('vendor,vendorName,category,evidence,anonymized,pseudonymized,violations,purpose,legalBasis,retention,region,locations');
  });

  it('markdown escapes what the code contains', () => {
    const result: ScanResult = JSON.parse(JSON.stringify(scans.webshop)) as ScanResult;
    result.flows.find((flow) => flow.verdict === 'violation')!.data.find((item) => item.verdict === 'violation')!.field = 'a|b*c`d';
    expect(renderMarkdown(result)).toContain('a\\|b\\*c\\`d');
  });

  it('diff says what a change starts and stops sending, and which violations are new or fixed', () => {
    const before = scans.webshop;
    const after: ScanResult = JSON.parse(JSON.stringify(before)) as ScanResult;
    const sentry = after.flows.find((flow) => flow.sink.call === 'Sentry.setUser')!;
    sentry.data = sentry.data.filter((item) => item.category !== 'email');
    after.flows.push({ ...after.flows[0]!, vendor: 'amplitude', data: [{ ...after.flows.find((flow) => flow.vendor === 'google-analytics')!.data[0]!, fingerprint: 'f'.repeat(20) }] });
    const diff = diffScans(before, after);
    expect(diff.started).toEqual([{ vendor: 'amplitude', category: 'email', change: 'new-vendor', at: [`${after.flows[0]!.sink.file}:${after.flows[0]!.sink.line}`] }]);
    expect(diff.fixedViolations.map((entry) => `${entry.vendor} ${entry.category}`)).toEqual(['sentry email']);
    expect(diff.newViolations.map((entry) => `${entry.vendor} ${entry.category}`)).toEqual(['amplitude email']);
    expect(renderDiff(diff, 'text')).toContain('Starts sending:\n- email to amplitude (a new vendor)');
    expect(renderDiff(diff, 'markdown')).toContain('### Fixed violations');
    expect(renderDiff(diffScans(before, before), 'text')).toBe('Nothing changed: the same vendors receive the same categories, and the violations are the same.\n');
    expect(() => parseScan('{"hello": 1}', 'x.json')).toThrow('not a piiflow JSON scan (version 1)');
  });
});
