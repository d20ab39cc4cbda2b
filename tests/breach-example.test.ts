import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../src/report/json';
import { scan } from './helpers/piiflow';

const repo = join(__dirname, '..');
const example = join(repo, 'examples', 'analytics-breach');

describe('the analytics-breach example: the advisory’s list, found in code', () => {
  const result = scan({ paths: ['examples/analytics-breach'], cwd: repo });

  it('matches its committed expected report', () => {
    // Regenerate after an intended change: node bin/piiflow.js scan examples/analytics-breach --format json --output examples/analytics-breach/piiflow-report.expected.json
    const expected = readFileSync(join(example, 'piiflow-report.expected.json'), 'utf8');
    const normalize = (text: string) => text.replace(/"version": "[^"]+"/, '"version": "<version>"');
    expect(normalize(renderJson(result))).toBe(normalize(expected));
  });

  it('lists what the advisory lists as sent to Mixpanel: name, e-mail, org id, approximate location, OS and browser, referrer', () => {
    expect(result.summary.vendors.map((vendor) => vendor.vendor)).toEqual(['mixpanel']);
    const categories = new Set(result.flows.flatMap((flow) => flow.data.map((item) => item.category)));
    // ip_address: the address the location is derived from; user_id: what the policy allows.
    expect([...categories].sort()).toEqual(['device_info', 'email', 'ip_address', 'location', 'name', 'org_id', 'referrer', 'user_id']);
    expect(result.summary.violations).toBe(8);
  });
});
