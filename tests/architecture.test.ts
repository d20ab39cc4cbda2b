import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types, shared with eslint.config.mjs
import { DOORS, LAYERS } from '../scripts/layers.mjs';

const src = join(__dirname, '..', 'src');
const layers = LAYERS as Record<string, string[]>;
const doors = DOORS as string[];

const sourceFiles = (directory: string): string[] =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : []));

/** Every relative import of a text: `from '...'`, `import('...')`, `require('...')`. */
const importsOf = (text: string): string[] => [...text.matchAll(/(?:from\s+|import\(|require\()'(\.{1,2}\/[^']+)'/g)].map((match) => match[1]!);

const layerOf = (path: string): string | undefined => relative(src, path).split(/[\\/]/)[0];

/** The imports of a file of src/ that point up a layer or past a door. */
function wrongArrows(file: string, text: string): string[] {
  const layer = layerOf(file)!;
  const wrong: string[] = [];
  for (const specifier of importsOf(text)) {
    const target = resolve(dirname(file), specifier);
    const targetLayer = layerOf(target);
    if (!targetLayer || targetLayer === layer || !layers[targetLayer]) continue;
    if (!layers[layer]!.includes(targetLayer)) wrong.push(`src/${layer} imports src/${targetLayer} (${specifier})`);
    else if (doors.includes(targetLayer) && relative(join(src, targetLayer), target) !== 'index') wrong.push(`src/${layer} reaches into src/${targetLayer} past its door (${specifier})`);
  }
  return wrong;
}

describe('the folders are the layers, and imports point down', () => {
  it('every folder of src is a layer with a README line', () => {
    const folders = readdirSync(src, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.sort()).toEqual(Object.keys(layers).sort());
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    for (const folder of folders) expect(readme, `README's architecture section names src/${folder}/`).toContain(`src/${folder}/`);
  });

  const files = sourceFiles(src).filter((file) => layerOf(file) && layers[layerOf(file)!]);
  it.each(files.map((file) => [relative(src, file), file]))('%s imports only the layers below it', (_name, file) => {
    expect(wrongArrows(file, readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('sees an arrow pointing up, and a reach past a door', () => {
    expect(wrongArrows(join(src, 'model', 'order.ts'), "import { FileEvaluator } from '../engine/evaluate';")).toEqual(['src/model imports src/engine (../engine/evaluate)']);
    expect(wrongArrows(join(src, 'cli', 'main.ts'), "import { judgeFile } from '../session/judge';")).toEqual(['src/cli reaches into src/session past its door (../session/judge)']);
    expect(wrongArrows(join(src, 'cli', 'main.ts'), "import { explain } from '../session/index';")).toEqual([]);
  });
});
