import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PiiflowUserError, scan, type CacheStats, type ScanOptions } from '../helpers/piiflow';
import { renderJson } from '../../src/report/json';
import { runCli } from '../helpers/cli';
import { temporaryRepository, writeFiles } from '../helpers/repository';

/**
 * The invariant of the cache: a scan with it reports exactly what a scan without it reports.
 * Returns the cached scan's statistics.
 */
function expectSameAsFresh(root: string, options: ScanOptions = {}): CacheStats {
  let stats: CacheStats | undefined;
  const cached = scan({ paths: [root], cwd: root, ...options, cache: join(root, '.piiflowcache'), onCache: (value) => (stats = value) });
  const fresh = scan({ paths: [root], cwd: root, ...options });
  expect(renderJson(cached)).toBe(renderJson(fresh));
  return stats!;
}

const WRAPPER = `import mixpanel from 'mixpanel-browser';
export function track(event: string, props: Record<string, unknown>) {
  mixpanel.track(event, props);
}
`;
const PAGE = `import { track } from './lib/analytics';
export function checkout(user: { email: string; plan: string }) {
  track('checkout', { email: user.email, plan: user.plan });
}
`;

describe('scan cache', () => {
  it('reuses every file of an unchanged tree and reports exactly what a fresh scan reports', () => {
    const root = temporaryRepository({}, join(__dirname, '../../examples/webshop'));
    const first = expectSameAsFresh(root);
    expect(first.reused).toBe(0);
    expect(first.analysed).toBeGreaterThan(5);
    const second = expectSameAsFresh(root);
    expect(second).toMatchObject({ reused: first.analysed, analysed: 0 });
  });

  it('analyses again a file whose wrapper in another file changed, and only what depends on it', () => {
    const root = temporaryRepository({ 'lib/analytics.ts': WRAPPER, 'pages/checkout.ts': PAGE.replace('./lib', '../lib'), 'pages/about.ts': 'export const about = 1;\n' });
    expectSameAsFresh(root);
    const before = scan({ paths: [root], cwd: root, cache: join(root, '.piiflowcache') });
    expect(before.flows.flatMap((flow) => flow.data.map((item) => `${flow.sink.file} ${item.category}`))).toEqual(['pages/checkout.ts email']);
    // The wrapper stops passing the properties on: the page sends nothing personal any more.
    writeFiles(root, { 'lib/analytics.ts': WRAPPER.replace('mixpanel.track(event, props)', 'mixpanel.track(event)') });
    const stats = expectSameAsFresh(root);
    expect(stats.analysed).toBe(2); // the wrapper and the page; about.ts imports neither
    expect(scan({ paths: [root], cwd: root, cache: join(root, '.piiflowcache') }).summary.dataItems).toBe(0);
  });

  it('follows a change three imports away', () => {
    const root = temporaryRepository({
      'a.ts': "import { send } from './b';\nexport const go = (user: { email: string }) => send(user.email);\n",
      'b.ts': "import { forward } from './c';\nexport const send = (value: string) => forward(value);\n",
      'c.ts': "import mixpanel from 'mixpanel-browser';\nexport const forward = (value: string) => mixpanel.identify(value);\n",
    });
    expectSameAsFresh(root);
    writeFiles(root, { 'c.ts': "import mixpanel from 'mixpanel-browser';\nexport const forward = (value: string) => mixpanel.track('x');\n" });
    expect(expectSameAsFresh(root).analysed).toBe(3);
  });

  it('follows changes inside an import cycle and through a barrel that every file imports', () => {
    const root = temporaryRepository({
      'index.ts': "export * from './a';\nexport * from './b';\nexport * from './c';\n",
      'a.ts': "import { viaB } from './index';\nexport const go = (user: { email: string }) => viaB(user.email);\n",
      'b.ts': "import { viaC } from './index';\nexport const viaB = (value: string) => viaC(value);\n",
      'c.ts': "import mixpanel from 'mixpanel-browser';\nimport { go } from './index';\nexport const viaC = (value: string) => mixpanel.identify(value);\nexport const again = go;\n",
    });
    expect(scan({ paths: [root], cwd: root }).summary.dataItems).toBeGreaterThan(0);
    expectSameAsFresh(root);
    writeFiles(root, { 'c.ts': "import mixpanel from 'mixpanel-browser';\nimport { go } from './index';\nexport const viaC = (value: string) => mixpanel.track('x');\nexport const again = go;\n" });
    expect(expectSameAsFresh(root).analysed).toBe(4);
    expect(expectSameAsFresh(root).analysed).toBe(0);
  });

  it('keeps traces relative to the folder scanned, when one cache serves scans of different folders', () => {
    const root = temporaryRepository({ 'src/lib/analytics.ts': WRAPPER, 'src/page.ts': PAGE });
    const cache = join(root, '.piiflowcache');
    const src = join(root, 'src');
    scan({ paths: [root], cwd: root, cache });
    const cached = scan({ paths: [src], cwd: src, cache });
    expect(renderJson(cached)).toBe(renderJson(scan({ paths: [src], cwd: src })));
    expect(cached.flows.flatMap((flow) => flow.data.flatMap((item) => item.trace.map((step) => step.file)))).toContain('lib/analytics.ts');
  });

  it('notices a file that changes what an import resolves to, and a removed one', () => {
    const root = temporaryRepository({ 'lib/index.ts': WRAPPER, 'page.ts': PAGE.replace('./lib/analytics', './lib') });
    expectSameAsFresh(root);
    // lib.ts now wins over lib/index.ts for './lib', and sends nothing.
    writeFiles(root, { 'lib.ts': 'export function track(event: string, props: object) {}\n' });
    expect(expectSameAsFresh(root).analysed).toBeGreaterThan(0);
    rmSync(join(root, 'lib.ts'));
    expectSameAsFresh(root);
  });

  it('notices a tsconfig change of path aliases', () => {
    const tsconfig = (target: string) => JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/analytics': [target] } } });
    const root = temporaryRepository({
      'tsconfig.json': tsconfig('src/real.ts'),
      'src/real.ts': WRAPPER,
      'src/quiet.ts': 'export function track(event: string, props: object) {}\n',
      'src/page.ts': PAGE.replace('./lib/analytics', '@/analytics'),
    });
    expect(scan({ paths: [root], cwd: root }).summary.dataItems).toBe(1);
    expectSameAsFresh(root);
    writeFiles(root, { 'tsconfig.json': tsconfig('src/quiet.ts') });
    expectSameAsFresh(root);
    expect(scan({ paths: [root], cwd: root, cache: join(root, '.piiflowcache') }).summary.dataItems).toBe(0);
  });

  it('follows an imported file outside the scanned folder', () => {
    const root = temporaryRepository({ 'shared/analytics.ts': WRAPPER, 'app/page.ts': PAGE.replace('./lib/analytics', '../shared/analytics') });
    const app = join(root, 'app');
    const scanApp = () => {
      const cached = scan({ paths: [app], cwd: app, cache: join(root, '.piiflowcache') });
      expect(renderJson(cached)).toBe(renderJson(scan({ paths: [app], cwd: app })));
      return cached;
    };
    expect(scanApp().summary.dataItems).toBe(1);
    writeFiles(root, { 'shared/analytics.ts': WRAPPER.replace('mixpanel.track(event, props)', 'mixpanel.track(event)') });
    expect(scanApp().summary.dataItems).toBe(0);
  });

  it('judges again on every scan: a policy change needs no analysis', () => {
    const root = temporaryRepository({ 'lib/analytics.ts': WRAPPER, 'page.ts': PAGE, 'piiflow.policy.yaml': 'version: 1\nvendors:\n  mixpanel:\n    allow: []\n' });
    expect(scan({ paths: [root], cwd: root }).summary.violations).toBe(1);
    expectSameAsFresh(root);
    writeFiles(root, { 'piiflow.policy.yaml': 'version: 1\nvendors:\n  mixpanel:\n    allow: [email]\n' });
    const stats = expectSameAsFresh(root);
    expect(stats.analysed).toBe(0);
    expect(scan({ paths: [root], cwd: root, cache: join(root, '.piiflowcache') }).summary.violations).toBe(0);
  });

  it('analyses again when the policy declares other anonymizers', () => {
    const page = "import { track } from './lib/analytics';\nimport { scramble } from './scramble';\nexport const go = (user: { email: string }) => track('x', { email: scramble(user.email) });\n";
    const root = temporaryRepository({ 'lib/analytics.ts': WRAPPER, 'scramble.ts': 'export const scramble = (value: string) => value;\n', 'page.ts': page, 'piiflow.policy.yaml': 'version: 1\nvendors:\n  mixpanel:\n    anonymize: [email]\n' });
    expectSameAsFresh(root);
    writeFiles(root, { 'piiflow.policy.yaml': 'version: 1\nvendors:\n  mixpanel:\n    anonymize: [email]\nanonymizers:\n  - function: scramble\n    from: ./scramble.ts\n' });
    expect(expectSameAsFresh(root).analysed).toBeGreaterThan(0);
  });

  it('keeps syntax errors, binary and minified files as the fresh scan reports them', () => {
    const root = temporaryRepository({ 'broken.ts': 'export const = ;\n', 'bundle.js': `var a=${'1+'.repeat(5000)}1;`, 'page.ts': PAGE, 'lib/analytics.ts': WRAPPER });
    writeFileSync(join(root, 'data.js'), Buffer.from([0x61, 0, 0x62]));
    expectSameAsFresh(root);
    expect(expectSameAsFresh(root).analysed).toBe(0);
    writeFiles(root, { 'broken.ts': 'export const fixed = 1;\n' });
    expect(expectSameAsFresh(root).analysed).toBe(1);
  });

  it('reads a file again when it changed right after the cache was written, even with the same size and time', () => {
    const root = temporaryRepository({ 'lib/analytics.ts': WRAPPER, 'page.ts': PAGE });
    const path = join(root, 'page.ts');
    // A whole second, which every file system stores exactly, so the second write can restore it.
    const second = new Date(Math.floor(Date.now() / 1000) * 1000);
    utimesSync(path, second, second);
    expectSameAsFresh(root);
    writeFileSync(path, PAGE.replace('user.email', 'user.plan1'));
    utimesSync(path, second, second);
    expect(statSync(path).size).toBe(PAGE.length);
    expectSameAsFresh(root);
  });

  it('never overwrites a file that is not a piiflow cache, and starts afresh from a damaged one', () => {
    const root = temporaryRepository({ 'lib/analytics.ts': WRAPPER, 'page.ts': PAGE, 'notes.txt': 'my notes\n' });
    expect(() => scan({ paths: [root], cwd: root, cache: join(root, 'notes.txt') })).toThrow(PiiflowUserError);
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe('my notes\n');
    expectSameAsFresh(root);
    const cache = join(root, '.piiflowcache');
    writeFileSync(cache, readFileSync(cache, 'utf8').slice(0, 100));
    expect(expectSameAsFresh(root).reset).toMatch(/damaged/);
  });

  it('starts afresh from a cache of the right format whose content was edited by hand', () => {
    const root = temporaryRepository({ 'lib/analytics.ts': WRAPPER, 'page.ts': PAGE });
    expectSameAsFresh(root);
    const cache = join(root, '.piiflowcache');
    const data = JSON.parse(readFileSync(cache, 'utf8')) as { files: Record<string, unknown> };
    for (const path of Object.keys(data.files)) data.files[path] = null;
    writeFileSync(cache, JSON.stringify(data));
    expect(expectSameAsFresh(root).reset).toMatch(/damaged/);
  });

  it('reports the scan in full when the cache cannot be written, and says why on stderr', () => {
    const root = temporaryRepository({ 'lib/analytics.ts': WRAPPER, 'page.ts': PAGE, 'notes.txt': 'my notes\n' });
    const run = runCli(['scan', '--cache-location', 'notes.txt/cache', '-f', 'json'], root);
    expect(run.stdout).toBe(runCli(['scan', '-f', 'json'], root).stdout);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/piiflow: warning: the cache could not be written \(.+\)/);
    const folder = runCli(['scan', '--cache-location', 'lib'], root);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/the cache is a folder, not a regular file: not read/);
  });

  it('cannot be combined with --types, and says so', () => {
    const root = temporaryRepository({ 'page.ts': PAGE });
    expect(() => scan({ paths: [root], cwd: root, types: true, cache: join(root, '.piiflowcache') })).toThrow(/--cache and --types/);
  });

  it('is driven by --cache and --cache-location in the CLI, which prints what it reused', () => {
    const root = temporaryRepository({ 'lib/analytics.ts': WRAPPER, 'page.ts': PAGE });
    const first = runCli(['scan', '--cache', '-f', 'json'], root);
    expect(first.stderr).toBe('piiflow: cache .piiflowcache: 0 files reused, 2 analysed\n');
    const second = runCli(['scan', '--cache', '-f', 'json'], root);
    expect(second.stderr).toBe('piiflow: cache .piiflowcache: 2 files reused, 0 analysed\n');
    expect(second.stdout).toBe(first.stdout);
    expect(second.code).toBe(first.code);
    const elsewhere = runCli(['scan', '--cache-location', 'build/piiflow.cache'], root);
    expect(elsewhere.stderr).toMatch(/^piiflow: cache build\/piiflow\.cache: 0 files reused/);
    const refused = runCli(['scan', '--cache-location', 'page.ts'], root);
    expect(refused).toMatchObject({ code: 2 });
    expect(refused.stderr).toMatch(/refusing to use a JavaScript or TypeScript file as the cache/);
    expect(readFileSync(join(root, 'page.ts'), 'utf8')).toBe(PAGE);
  });
});
