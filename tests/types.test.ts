import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { scan } from '../src/core/index';
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
  return result!.messages.map((message) => {
    expect(message.fatal, message.message).toBeFalsy();
    return /^(.+) \(([a-z_]+)\) is sent to/.exec(message.message)!.slice(1, 3).join(' ');
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
    expect((await lint(true)).sort()).toEqual(['email email', 'id user_id', 'name name', 'organizationId org_id']);
    expect(await lint(false)).toEqual([]);
  });
});
