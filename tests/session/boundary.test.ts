import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../helpers/piiflow';
import { temporaryRepository, writeFiles } from '../helpers/repository';

/**
 * One boundary for every reader: the module graph, the tsconfig loader and the type checker's host
 * read nothing outside the repository, whatever its tsconfig or imports point at.
 */
describe('nothing outside the repository is read, --types included', () => {
  const outsideFiles = {
    'outside/customer.d.ts': 'interface Customer {\n  email: string;\n  fullName: string;\n}\n',
    'outside/secret.ts': 'export interface Secret {\n  email: string;\n  phone: string;\n}\n',
    'outside/tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@secret/*': ['./*'] } }, include: ['./*.d.ts'] }),
  };
  const app = [
    "import mixpanel from 'mixpanel-browser';",
    "import type { Secret } from '../../outside/secret';",
    "import type { Secret as Aliased } from '@secret/secret';",
    'export function signup(customer: Customer, person: Secret, other: Aliased) {',
    "  mixpanel.track('Signed up', customer);",
    "  mixpanel.track('Person', person);",
    "  mixpanel.track('Other', other);",
    '}',
    '',
  ].join('\n');

  const categories = (root: string, types: boolean) => scan({ paths: [root], types }).flows.flatMap((flow) => flow.data.map((item) => `${flow.sink.line} ${item.category}`)).sort();

  it('a tsconfig whose include, paths and extends leave the repository, and an import of a file outside it, give the checker nothing', () => {
    const parent = temporaryRepository(outsideFiles);
    const root = join(parent, 'repo');
    mkdirSync(join(root, '.git'), { recursive: true });
    writeFiles(root, {
      'tsconfig.json': JSON.stringify({ extends: '../outside/tsconfig.base.json', compilerOptions: { strict: true, baseUrl: '.', paths: { '@secret/*': ['../outside/*'] } }, include: ['src', '../outside'] }),
      'src/track.ts': app,
    });
    expect(categories(root, false)).toEqual([]);
    expect(categories(root, true)).toEqual([]);
  });

  it('the same files inside the repository are read (the control)', () => {
    const root = temporaryRepository({ ...outsideFiles });
    writeFiles(root, {
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, baseUrl: '.', paths: { '@secret/*': ['./outside/*'] } }, include: ['src', 'outside'] }),
      'src/track.ts': app.replace('../../outside/secret', '../outside/secret'),
    });
    expect(categories(root, true)).toEqual(['5 email', '5 name', '6 email', '6 phone', '7 email', '7 phone']);
  });

  it('a folder named ..hidden inside the repository is inside', () => {
    const root = temporaryRepository({
      '..hidden/track.ts': "import posthog from 'posthog-js';\nexport const send = (properties: object) => posthog.capture('x', properties);\n",
      'src/app.ts': "import { send } from '../..hidden/track';\nexport const go = (email: string) => send({ email });\n",
    });
    writeFileSync(join(root, '.gitignore'), '');
    expect(scan({ paths: [join(root, 'src')], cwd: root }).flows.map((flow) => `${flow.sink.file}:${flow.sink.line} ${flow.data.map((item) => item.category).join(' ')}`)).toEqual(['app.ts:2 email']);
  });
});
