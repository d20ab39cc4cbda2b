import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { scan } from './helpers/piiflow';
import { itemsOfMessage } from './helpers/eslint-runs';
import { plugin } from '../src/eslint/plugin';
import { compareWithMarkers, readExpectations } from './helpers/expectations';

const typed = join(__dirname, 'fixtures', 'projects', 'typed');
const file = join(typed, 'src', 'monitoring.ts');

async function lint(typedLinting: boolean): Promise<string[]> {
  const eslint = new ESLint({
    cwd: typed,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, parserOptions: typedLinting ? { project: './tsconfig.json', tsconfigRootDir: typed } : {} },
      },
      plugin.configs.recommended,
    ],
  });
  const [result] = await eslint.lintFiles([file]);
  return result!.messages.flatMap((message) => {
    expect(message.fatal, message.message).toBeFalsy();
    return itemsOfMessage(message.message)!.map((item) => item.category);
  });
}

describe('type-aware expansion for types declarations do not spell out (a generated ORM model)', () => {
  it('the scanner without --types cannot tell what the computed type holds, and says nothing rather than guess', () => {
    const result = scan({ paths: [typed] });
    expect(result.flows.flatMap((flow) => flow.data)).toEqual([]);
  });

  it('the scanner with --types lists its fields', () => {
    const result = scan({ paths: [typed], types: true });
    expect(readExpectations(file)).toHaveLength(1);
    expect(compareWithMarkers(file, result.flows.filter((flow) => flow.sink.file === 'src/monitoring.ts'))).toEqual([]);
  });

  it('ESLint with typed linting finds the same; without it, nothing (as the untyped scan)', async () => {
    expect((await lint(true)).sort()).toEqual(['email', 'name', 'org_id', 'user_id']);
    expect(await lint(false)).toEqual([]);
  });
});

describe('--types and global declarations', () => {
  it('a global type declared in a .d.ts file that nothing imports is known to the checker', () => {
    const root = mkdtempSync(join(tmpdir(), 'piiflow-global-types-'));
    try {
      mkdirSync(join(root, 'types'));
      mkdirSync(join(root, 'src'));
      writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true }, include: ['src', 'types'] }));
      writeFileSync(join(root, 'types', 'customer.d.ts'), 'interface Customer {\n  email: string;\n  fullName: string;\n}\n');
      writeFileSync(join(root, 'src', 'track.ts'), "import mixpanel from 'mixpanel-browser';\nexport function signup(customer: Customer) {\n  mixpanel.track('Signed up', customer);\n}\n");
      const categories = (types: boolean) => scan({ paths: [root], types }).flows.flatMap((flow) => flow.data.map((item) => item.category)).sort();
      expect(categories(false), 'without the checker the type is unknown').toEqual([]);
      expect(categories(true)).toEqual(['email', 'name']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
