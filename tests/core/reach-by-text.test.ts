import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { loadCatalog, ModuleGraph, Project, scan, SdkMentions } from '../helpers/piiflow';
import { readExpectations } from '../helpers/expectations';
import { temporaryRepository } from '../helpers/repository';
import { scanImports } from '../../src/engine/project';

/**
 * The scan parses only files that, by a text search of their imports, may reach an SDK. That
 * search must never say "no" where the parsed answer says "yes", or a flow would go unseen.
 */
describe('deciding from the text alone which files can reach an SDK', () => {
  it('finds every kind of import and re-export specifier', () => {
    const text = [
      "import a from './a';",
      "import {\n  b,\n  c,\n} from './b';",
      "import type { T } from './types';",
      "import './side-effect';",
      "export * from './re-export';",
      'export { d } from "./named-re-export";',
      "const e = await import('./dynamic');",
      "const f = require( './required' );",
      "import g = require('./ts-import-equals');",
      'import h from "./it\'s-quoted";',
      "export{i}from'./minified'",
    ].join('\n');
    expect(scanImports(text)).toEqual(['./a', './b', './types', './side-effect', './re-export', './named-re-export', './dynamic', './required', './ts-import-equals', "./it's-quoted", './minified']);
  });

  const mentions = new SdkMentions(loadCatalog());

  it.each([
    ["import posthog from 'posthog-js';", 'an import of a catalog package'],
    ['const Sentry = require("@sentry/node");', 'a require'],
    ["const { default: mixpanel } = await import('mixpanel-browser');", 'a dynamic import'],
    ['const m = require(`mixpanel-browser`);', 'a backquoted specifier'],
    ["export { default } from 'posthog-js';", 'a re-export'],
    ["analytics.track('signed_up', { email });", 'a global called'],
    ["window.analytics.identify(user.id);", 'a global read from window'],
    ["globalThis?.analytics?.track('x');", 'a global read from globalThis, optionally'],
    ["window['analytics'].track('x');", 'a global indexed on window'],
    ['const text = `${analytics.user().id()}`;', 'a global inside a template expression'],
    ['const a = ready ? analytics : undefined;', 'a global in a conditional'],
    ["const re = /'/; analytics.track('x');", 'a global after a regular expression holding a quote'],
    ["const x = <p>Don't</p>; analytics.track('x');", 'a global after an apostrophe in JSX text'],
    ['const { analytics } = window;', 'a global destructured from window'],
    ["function shape(op: string) {\n  return op;\n}\nop('track', 'screen_view');", 'a global called beside a parameter of the same name'],
    ['declare const heap: Heap;\nheap.identify(user.email);', 'a global declared ambient'],
  ])('names an SDK: %s (%s)', (text) => {
    expect(mentions.namedIn(text)).toBe(true);
  });

  it.each([
    ['route("ai", "./ai/page.tsx");', 'a package name in a string that is no import'],
    ['// no-op in this shim\nexport const x = 1;', 'a global name in a line comment'],
    ['/* for clarity */ export const x = 1;', 'a global name in a block comment'],
    ['export const features = {\n  analytics: { enabled: true },\n};', 'an object key'],
    ['interface Props { op?: string; analytics: Store }', 'declared members'],
    ["import { useAnalytics } from '@/hooks/store/use-analytics';\nimport { Overview } from './analytics/overview';", 'a folder named like a global'],
    ['this.analytics.fetch(); store.analytics.reset();', 'properties of other objects'],
    ['const name = `${workspaceSlug}-analytics`;', 'a global name in template text'],
    ["import { analytics } from './store';\nanalytics.track('x');", "the app's own binding imported under the global's name"],
    ['case "analytics":\n  break;', 'a string compared'],
    ["const box = ops.reduce((limits, { op, data }) => (op === 'move' ? data : limits), 0);", 'a destructured parameter'],
    ['for (const op of ops) apply(op);', 'a loop variable'],
    ['const heap = new BinaryHeap();\nheap.push(1);', 'a local of the same name'],
    ["/**\n * A name `import type` brings in (`import type { PostHog } from 'posthog-node'`).\n */\nexport const x = 1;", 'an import written in a comment'],
    ["// const Sentry = require('@sentry/node');\nexport const x = 1;", 'a require commented out'],
    ['const example = "import posthog from \'posthog-js\'";', 'an import inside a string'],
  ])('does not name an SDK: %s (%s)', (text) => {
    expect(mentions.namedIn(text)).toBe(false);
  });

  it('says every file with a labelled flow can reach an SDK (every fixture and corpus file with an expect marker)', () => {
    const roots = ['tests/fixtures', 'tests/corpus'].map((dir) => resolve(dir));
    const files = roots.flatMap((root) => fg.sync('**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', { cwd: root, absolute: true, ignore: ['**/node_modules/**'] }));
    const project = new Project(loadCatalog(), new ModuleGraph(resolve('.')));
    let labelled = 0;
    for (const file of files) {
      if (readExpectations(file).length === 0) continue;
      labelled += 1;
      expect(project.reachesSdk(file, readFileSync(file, 'utf8')), file).toBe(true);
    }
    expect(labelled).toBeGreaterThan(100);
  });

  it('follows every kind of import through the app modules, and nothing else', () => {
    const files: Record<string, string> = {
      // No file but the last names an SDK package or global.
      'sdk-client.ts': "import posthog from 'posthog-js';\nexport const send = (properties: object) => posthog.capture('x', properties);\n",
      'relay.ts': "export * from './sdk-client';\n",
      'by-import.ts': "import { send } from './relay';\nexport const a = (user: { email: string }) => send({ email: user.email });\n",
      'by-require.js': "const { send } = require('./relay');\nmodule.exports = (user) => send({ email: user.email });\n",
      'by-dynamic-import.ts': "export async function b(user: { email: string }) {\n  const { send } = await import('./relay');\n  send({ email: user.email });\n}\n",
      'unrelated.ts': "import { helper } from './helper';\nexport const c = helper(1);\n",
      'helper.ts': 'export const helper = (n: number) => n + 1;\n',
    };
    const root = temporaryRepository(files);
    const project = new Project(loadCatalog(), new ModuleGraph(root));
    const reaches = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, project.reachesSdk(join(root, name), text)]));
    expect(reaches).toEqual({ 'sdk-client.ts': true, 'relay.ts': true, 'by-import.ts': true, 'by-require.js': true, 'by-dynamic-import.ts': true, 'unrelated.ts': false, 'helper.ts': false });
    expect(scan({ paths: [root], noPolicy: true }).flows.filter((flow) => flow.data.length > 0).map((flow) => flow.sink.file)).toEqual(['by-dynamic-import.ts', 'by-import.ts', 'by-require.js']);
  });

  it('the search has no depth limit, and remembers "cannot reach" only after a complete search', () => {
    // a0 -> a1 -> ... -> a8, and only a8 imports the SDK: found from a0 however far it is (the former depth limit of 6 missed it).
    const files: Record<string, string> = { 'a8.ts': "import mixpanel from 'mixpanel-browser';\nexport const m = mixpanel;\n" };
    for (let index = 0; index < 8; index++) files[`a${index}.ts`] = `import { m } from './a${index + 1}';\nexport const m${index} = m;\n`;
    // A file that imports only a module that reaches nothing: a complete search, remembered.
    files['leaf.ts'] = 'export const leaf = 1;\n';
    files['user.ts'] = "import { leaf } from './leaf';\nexport const u = leaf;\n";
    const root = temporaryRepository(files);
    const project = new Project(loadCatalog(), new ModuleGraph(root));
    expect(project.reachesSdk(join(root, 'a0.ts'), files['a0.ts']!)).toBe(true);
    expect(project.reachesSdk(join(root, 'a3.ts'), files['a3.ts']!)).toBe(true);
    expect(project.reachesSdk(join(root, 'user.ts'), files['user.ts']!)).toBe(false);
    expect(project.reachesSdk(join(root, 'leaf.ts'), files['leaf.ts']!)).toBe(false);
  });

  it('files that cannot reach an SDK still have their syntax errors and unused suppressions reported', () => {
    const root = temporaryRepository({ 'broken.ts': 'export const x = {;\n', 'plain.ts': '// piiflow-ignore-next-line reviewed by legal\nexport const y = 1;\n' });
    const result = scan({ paths: [root], noPolicy: true });
    expect(result.skipped).toEqual([expect.objectContaining({ file: 'broken.ts', line: 1 })]);
    expect(result.problems).toEqual([expect.objectContaining({ file: 'plain.ts', line: 1, message: expect.stringMatching(/suppresses nothing/) })]);
  });
});
