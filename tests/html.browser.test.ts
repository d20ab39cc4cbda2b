import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from './helpers/piiflow';
import { renderHtml } from '../src/report/html';

/**
 * The HTML report in a real browser: Chromium from the OS packages (`apt-get install chromium`;
 * .ci/run installs it), driven by playwright-core. Without Chromium the suite says so and skips.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const repo = join(__dirname, '..');
const artifacts = join(repo, 'test-results');
const result = JSON.parse(readFileSync(join(repo, 'tests', 'fixtures', 'reports', 'webshop.json'), 'utf8')) as ScanResult;

const excerpt = (file: string, line: number) => {
  const lines = readFileSync(join(repo, 'examples', 'webshop', file), 'utf8').split('\n');
  return { start: Math.max(1, line - 2), lines: lines.slice(Math.max(0, line - 3), line + 2) };
};

if (!existsSync(CHROMIUM)) console.warn(`html report browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!existsSync(CHROMIUM))('the HTML report in Chromium', () => {
  let browser: Browser;
  const file = join(artifacts, 'webshop-report.html');

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(file, renderHtml(result, { target: 'examples/webshop', excerpt }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => browser?.close());

  it('renders with no console errors and no network request, shows every category and vendor, and filters on click', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('request', (request) => !request.url().startsWith('file:') && requests.push(request.url()));
    await page.goto(`file://${file}`);

    const categories = [...new Set(result.flows.flatMap((flow) => flow.data.map((item) => item.category)))].sort();
    const vendors = result.summary.vendors.filter((vendor) => vendor.categories.length).map((vendor) => vendor.vendor);
    expect(await page.$$eval('#flows .node[data-category]', (nodes) => nodes.map((node) => node.getAttribute('data-category')))).toEqual(categories);
    expect((await page.$$eval('#flows .node[data-vendor]', (nodes) => nodes.map((node) => node.getAttribute('data-vendor')))).sort()).toEqual(vendors.sort());
    expect(await page.locator('#flows .link.violation').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'html-report.png') });

    // A vendor: only its section is shown.
    await page.click('#flows .node[data-vendor="sentry"]');
    expect(await page.$$eval('section.vendor', (sections) => sections.filter((section) => !section.hidden).map((section) => section.getAttribute('data-vendor')))).toEqual(['sentry']);
    expect(await page.locator('#show-all').isVisible()).toBe(true);
    expect(await page.locator('#flows .link:not(.dim)').count()).toBe(await page.locator('#flows .link[data-vendor="sentry"]').count());

    // A category: the vendors that receive it, and within them only the calls that send it.
    await page.click('#flows .node[data-category="email"]');
    const shown = await page.$$eval('section.vendor', (sections) => sections.filter((section) => !section.hidden).map((section) => section.getAttribute('data-vendor')));
    expect(shown.sort()).toEqual(result.summary.vendors.filter((vendor) => vendor.categories.includes('email')).map((vendor) => vendor.vendor).sort());
    expect(await page.$$eval('section.vendor:not([hidden]) article.flow:not([hidden])', (flows) => flows.every((flow) => flow.getAttribute('data-categories')!.split(' ').includes('email')))).toBe(true);

    // Keyboard too, and Show all brings everything back.
    await page.focus('#flows .node[data-vendor="mixpanel"]');
    await page.keyboard.press('Enter');
    expect(await page.$$eval('section.vendor:not([hidden])', (sections) => sections.map((section) => section.getAttribute('data-vendor')))).toEqual(['mixpanel']);
    await page.click('#show-all');
    expect(await page.locator('section.vendor[hidden]').count()).toBe(0);
    expect(await page.locator('#show-all').isVisible()).toBe(false);

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('highlights violations, shows the policy fields and redacted code excerpts', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${file}`);
    const sentry = page.locator('section.vendor[data-vendor="sentry"]');
    expect(await sentry.getAttribute('class')).toContain('has-violations');
    expect(await sentry.locator('.facts').innerText()).toContain('Error monitoring');
    expect(await sentry.locator('.item.violation').count()).toBe(3);
    expect(await page.locator('pre.excerpt span.hit').count()).toBe(result.flows.length);
  });
});
