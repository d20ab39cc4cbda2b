import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { loadCatalog, ModuleGraph, parseSource, Project, scan } from '../../src/core/index';
import { scanImports } from '../../src/core/project';

/**
 * The scan parses only files that, by a text search of their imports, may reach an SDK. That
 * search must never say "no" where the parsed answer says "yes", or a flow would go unseen.
 */
describe('deciding from the text alone which files need parsing', () => {
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

  it('never says a file cannot reach an SDK when parsing it says it can (every fixture, example and corpus file)', () => {
    const roots = ['tests/fixtures', 'tests/corpus', 'examples'].map((dir) => resolve(dir));
    const files = roots.flatMap((root) => fg.sync('**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', { cwd: root, absolute: true, ignore: ['**/node_modules/**'] }));
    expect(files.length).toBeGreaterThan(150);
    const catalog = loadCatalog();
    const parsed = new Project(catalog, new ModuleGraph(resolve('.')));
    const byText = new Project(catalog, new ModuleGraph(resolve('.')));
    let reaching = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!parsed.reachesSdk(parsed.graph.sourceFile(file) ?? parseSource(text, file))) continue;
      reaching += 1;
      expect(byText.mayReachSdkByText(file, text), join(file)).toBe(true);
    }
    expect(reaching).toBeGreaterThan(100);
  });

  it('files that cannot reach an SDK still have their syntax errors and unused suppressions reported', () => {
    const root = mkdtempSync(join(tmpdir(), 'piiflow-reach-'));
    try {
      mkdirSync(join(root, '.git'));
      writeFileSync(join(root, 'broken.ts'), 'export const x = {;\n');
      writeFileSync(join(root, 'plain.ts'), '// piiflow-ignore-next-line reviewed by legal\nexport const y = 1;\n');
      const result = scan({ paths: [root], noPolicy: true });
      expect(result.skipped).toEqual([expect.objectContaining({ file: 'broken.ts', line: 1 })]);
      expect(result.problems).toEqual([expect.objectContaining({ file: 'plain.ts', line: 1, message: expect.stringMatching(/suppresses nothing/) })]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
