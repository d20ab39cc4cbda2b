import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { boundedCompilerHost, boundedSystem, mayReadPath } from '../../src/session/boundary';
import { temporaryRepository } from '../helpers/repository';

/**
 * One boundary for every reader (issue 15, item 2): with --types, an import of a file outside the
 * repository, tsconfig `paths`, `include` and `extends` that leave it read nothing there.
 */
function layout(): { root: string; outside: string } {
  const parent = temporaryRepository({});
  const root = join(parent, 'repo');
  const outside = join(parent, 'outside');
  mkdirSync(join(root, '.git'), { recursive: true });
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'secret.ts'), 'export const secret = { socialSecurityNumber: "123-45-6789" };\n');
  writeFileSync(join(outside, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@leak/*': ['./*'] } }, include: ['./*.ts'] }));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ extends: '../outside/tsconfig.base.json', compilerOptions: { paths: { '@s/*': ['../outside/*'] } }, include: ['src', '../outside'] }));
  writeFileSync(join(root, 'src', 'a.ts'), "import { secret } from '../../outside/secret';\nimport { secret as again } from '@s/secret';\nexport const both = [secret, again];\n");
  return { root, outside };
}

describe('reads stay inside the repository', () => {
  it('mayReadPath: inside, TypeScript libraries and nothing else; ..hidden is inside', () => {
    const { root, outside } = layout();
    expect(mayReadPath(root, join(root, 'src', 'a.ts'))).toBe(true);
    expect(mayReadPath(root, join(root, '..hidden', 'a.ts'))).toBe(true);
    expect(mayReadPath(root, join(outside, 'secret.ts'))).toBe(false);
    expect(mayReadPath(root, ts.getDefaultLibFilePath({}))).toBe(true);
    expect(mayReadPath(root, '/etc/passwd')).toBe(false);
  });

  it('tsconfig extends and include outside: not read', () => {
    const { root, outside } = layout();
    const sys = boundedSystem(root);
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, sys, root, undefined, join(root, 'tsconfig.json'));
    expect(parsed.fileNames.filter((name) => name.startsWith(outside))).toEqual([]);
    expect(parsed.options.paths?.['@leak/*']).toBeUndefined();
    expect(ts.resolveModuleName('../../outside/secret', join(root, 'src', 'a.ts'), parsed.options, sys).resolvedModule).toBeUndefined();
  });

  it('the type checker host: an import or a path mapping outside finds nothing', () => {
    const { root, outside } = layout();
    const options: ts.CompilerOptions = { paths: { '@s/*': ['../outside/*'] }, baseUrl: root, noEmit: true, skipLibCheck: true };
    const program = ts.createProgram({ rootNames: [join(root, 'src', 'a.ts')], options, host: boundedCompilerHost(options, root) });
    expect(program.getSourceFiles().map((file) => file.fileName).filter((name) => name.startsWith(outside))).toEqual([]);
    const unbounded = ts.createProgram({ rootNames: [join(root, 'src', 'a.ts')], options });
    expect(unbounded.getSourceFiles().some((file) => file.fileName.startsWith(outside)), 'the unbounded host does read it').toBe(true);
  });
});
