import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { scan, type ScanResult } from '../helpers/piiflow';
import { plugin } from '../../src/eslint/plugin';
import { runCli } from '../helpers/cli';
import { CYCLES_TS, deeplyNested } from '../helpers/pathological';

/**
 * Bad input, tried for real: each case must neither crash nor hang, must say what happened,
 * keep the documented exit code, and leave every other result intact. The leak in `good.ts`
 * is the "other result" each case must still find.
 */
const scratch = mkdtempSync(join(tmpdir(), 'piiflow-bad-input-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const good = "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";

interface Case {
  name: string;
  files: () => Record<string, string | Buffer>;
  setup?: (root: string) => void;
  expect: (result: ScanResult) => void;
  /** Also lint the file with ESLint (the parser permitting), expecting no crash. */
  lint?: string;
}

const cases: Case[] = [
  { name: 'a syntax error', files: () => ({ 'bad.ts': 'export function (' }), expect: (r) => expect(r.skipped[0]).toMatchObject({ file: 'bad.ts', line: 1 }) },
  { name: 'an empty file', files: () => ({ 'empty.ts': '' }), expect: (r) => expect(r.summary.filesScanned).toBe(2), lint: 'empty.ts' },
  { name: 'a byte-order mark and CRLF line ends', files: () => ({ 'bom.ts': `\uFEFF${good.replace(/\n/g, '\r\n')}` }), expect: (r) => expect(r.flows.map((flow) => flow.sink.file)).toEqual(['bom.ts', 'good.ts']), lint: 'bom.ts' },
  { name: 'bytes that are not UTF-8', files: () => ({ 'latin1.ts': Buffer.concat([Buffer.from('export const café = "'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('";\n')]) }), expect: (r) => expect(r.summary.filesScanned).toBe(2), lint: 'latin1.ts' },
  { name: 'a binary file named .js', files: () => ({ 'image.js': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]) }), expect: (r) => expect(r.skipped).toEqual([{ file: 'image.js', reason: 'binary content (NUL bytes), not source code' }]) },
  { name: 'a 50 MB file', files: () => ({ 'huge.js': Buffer.alloc(50 * 1024 * 1024, 'a') }), expect: (r) => expect(r.skipped[0]!.reason).toMatch(/^larger than 2.0 MiB \(50.0 MiB\)/) },
  { name: 'a 1 MB single-line minified bundle', files: () => ({ 'bundle.js': `var a=1;${'a.b(c,d);'.repeat(120_000)}` }), expect: (r) => expect(r.skipped[0]!.reason).toMatch(/^looks minified or generated \(1 line/) },
  { name: 'an expression nested 20,000 deep', files: () => ({ 'deep.ts': deeplyNested(20_000) }), expect: (r) => expect(r.skipped[0]!.reason).toMatch(/nested too deeply to parse/) },
  { name: 'a 100,000-element array literal', files: () => ({ 'array.ts': `export const big = [\n${Array.from({ length: 100_000 }, (_, i) => i).join(',\n')}];\n` }), expect: (r) => expect(r.summary.filesScanned).toBe(2) },
  {
    name: 'a symbolic link loop and a link out of the folder',
    files: () => ({}),
    setup: (root) => {
      symlinkSync(root, join(root, 'loop'));
      writeFileSync(join(scratch, 'outside.ts'), good);
      symlinkSync(join(scratch, 'outside.ts'), join(root, 'outside.ts'));
    },
    expect: (r) => expect(r.skipped).toEqual([{ file: 'outside.ts', reason: 'symbolic link, not followed (pass --follow-symlinks to read links to files inside the scanned folder)' }]),
  },
  {
    name: 'a pipe named like a source file (reading it would block forever)',
    files: () => ({}),
    setup: (root) => execFileSync('mkfifo', [join(root, 'pipe.ts')]),
    expect: (r) => expect(r.skipped).toEqual([{ file: 'pipe.ts', reason: 'not a regular file (a pipe, socket or device): not read' }]),
  },
  { name: 'a path with spaces and non-Latin characters', files: () => ({ 'données client/アプリ.ts': good }), expect: (r) => expect(r.flows.map((flow) => flow.sink.file)).toEqual(['données client/アプリ.ts', 'good.ts']) },
  {
    name: 'recursive, mutually recursive and self-referencing code',
    files: () => ({
      'cycles.ts': CYCLES_TS,
    }),
    expect: (r) => expect(r.flows.find((flow) => flow.sink.file === 'cycles.ts')!.data.map((item) => item.category).sort()).toEqual(['email', 'phone']),
    lint: 'cycles.ts',
  },
  {
    name: 'circular imports',
    files: () => ({
      'a.ts': "import { b } from './b';\nexport const a = { b };\nexport { b };\n",
      'b.ts': "import { a } from './a';\nexport const b = { a };\nexport * from './a';\n",
      'use.ts': "import * as Sentry from '@sentry/browser';\nimport { a } from './b';\nexport const g = (user: { phone: string }) => Sentry.setTag('x', { a, phone: user.phone });\n",
    }),
    expect: (r) => expect(r.flows.map((flow) => flow.sink.file)).toEqual(['good.ts', 'use.ts']),
    lint: 'use.ts',
  },
];

describe('bad input: no crash, no hang, a clear message, the other results intact', () => {
  it.each(cases)('$name', (testCase) => {
    const root = join(scratch, testCase.name.replace(/\W+/g, '-'));
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'good.ts'), good);
    for (const [path, content] of Object.entries(testCase.files())) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    testCase.setup?.(root);
    const started = Date.now();
    const result = scan({ paths: [root] });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.flows.some((flow) => flow.sink.file === 'good.ts' && flow.data[0]?.category === 'email'), 'the other results are intact').toBe(true);
    testCase.expect(result);
    if (testCase.lint) {
      const linter = new Linter({ cwd: root });
      const messages = linter.verify(readFileSync(join(root, testCase.lint), 'utf8'), [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended], { filename: join(root, testCase.lint) });
      for (const message of messages) expect(message.fatal, message.message).toBeFalsy();
    }
  });

  it('a file deleted during the scan is listed, not fatal', () => {
    const root = join(scratch, 'deleted');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'a.ts'), good);
    writeFileSync(join(root, 'b.ts'), good);
    const result = scan({ paths: [root], onDiscovered: () => rmSync(join(root, 'b.ts')) });
    expect(result.flows.map((flow) => flow.sink.file)).toEqual(['a.ts']);
    expect(result.skipped).toEqual([{ file: 'b.ts', reason: 'cannot read: the file does not exist' }]);
  });

  it('50,000 files in one tree', () => {
    const root = join(scratch, 'many');
    for (let folder = 0; folder < 100; folder++) {
      mkdirSync(join(root, `m${folder}`), { recursive: true });
      for (let file = 0; file < 500; file++) writeFileSync(join(root, `m${folder}`, `f${file}.ts`), `export const v${file} = ${file};\n`);
    }
    writeFileSync(join(root, 'good.ts'), good);
    const result = scan({ paths: [root] });
    expect(result.summary.filesScanned).toBe(50_001);
    expect(result.summary.violations).toBe(1);
  });

  it('a path that does not exist and an empty folder, through the CLI', () => {
    expect(runCli(['scan', join(scratch, 'nope')], scratch).code).toBe(2);
    mkdirSync(join(scratch, 'empty-folder'));
    expect(runCli(['scan', join(scratch, 'empty-folder')], scratch)).toMatchObject({ code: 2, stderr: expect.stringContaining('is an empty folder') });
  });

  it(`tried ${cases.length + 3} kinds of bad input`, () => {
    console.log(`bad input: ${cases.length + 3} kinds tried (plus the CLI table in tests/cli), none crashed or hung`);
  });
});
