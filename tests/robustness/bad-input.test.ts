import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { scan, type ScanResult } from '../helpers/piiflow';
import { plugin } from '../../src/eslint/plugin';
import { runCli } from '../helpers/cli';
import { CYCLES_TS, bigSwitch, builderChain, deeplyNested, doublingChain, reexportChain, wrapperChain } from '../helpers/pathological';

/**
 * Bad input, tried for real: each case must neither crash nor hang, must say what happened,
 * keep the documented exit code, and leave every other result intact. The leak in `good.ts`
 * is the "other result" each case must still find.
 */
const scratch = mkdtempSync(join(tmpdir(), 'piiflow-bad-input-'));
afterAll(() => {
  execFileSync('chmod', ['-R', 'u+rwx', scratch]);
  rmSync(scratch, { recursive: true, force: true });
});

const good = "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";

interface Case {
  name: string;
  files: () => Record<string, string | Buffer>;
  setup?: (root: string) => void;
  expect: (result: ScanResult) => void;
  /** Also lint the file with ESLint (the parser permitting), expecting no crash. */
  lint?: string;
  /** ESLint must also report the e-mail address sent there (the engine's other front-end finds the flow too). */
  lintReports?: boolean;
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
  {
    name: 'a link to / and two links to their own folder: never followed, also not by the .gitignore search',
    files: () => ({ 'src/a.ts': 'export const a = 1;\n' }),
    setup: (root) => {
      symlinkSync('/', join(root, 'src', 'root'));
      symlinkSync('.', join(root, 'src', 'l1'));
      symlinkSync('.', join(root, 'src', 'l2'));
    },
    expect: (r) => expect(r.summary.filesScanned).toBe(2),
  },
  {
    name: "a link to a folder outside whose .gitignore would hide good.ts: that .gitignore is not read",
    files: () => ({}),
    setup: (root) => {
      const elsewhere = join(scratch, 'elsewhere');
      mkdirSync(elsewhere, { recursive: true });
      writeFileSync(join(elsewhere, '.gitignore'), '*.ts\n');
      symlinkSync(elsewhere, join(root, 'o'));
    },
    expect: (r) => expect(r.summary.filesScanned).toBe(1),
  },
  {
    name: 'a .gitignore line that made the old matcher backtrack, with a file 60 folders deep',
    files: () => ({ '.gitignore': '**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/b\n', [`${Array(60).fill('a').join('/')}/deep.ts`]: good }),
    expect: (r) => expect(r.flows.filter((flow) => flow.sink.file.endsWith('deep.ts'))).toHaveLength(1),
  },
  {
    name: 'a .gitignore that is a link to /dev/zero: not read, and said',
    files: () => ({}),
    setup: (root) => symlinkSync('/dev/zero', join(root, '.gitignore')),
    expect: (r) => expect(r.skipped).toEqual([{ file: '.gitignore', reason: 'a symbolic link: its rules are not applied' }]),
  },
  {
    name: 'a folder named ..hidden is inside the repository',
    files: () => ({ '..hidden/b.ts': good }),
    expect: (r) => expect(r.flows.map((flow) => flow.sink.file)).toEqual(['..hidden/b.ts', 'good.ts']),
  },
  {
    name: 'a file name that is not valid UTF-8: listed as such',
    files: () => ({}),
    setup: (root) => writeFileSync(Buffer.concat([Buffer.from(`${root}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.ts')]), good),
    expect: (r) => expect(r.skipped).toEqual([{ file: 'bad-\uFFFD\uFFFD.ts', reason: 'the name is not valid UTF-8: not read (rename it to scan it)' }]),
  },
  ...(process.getuid?.() === 0
    ? []
    : [
        {
          name: 'a folder that cannot be read: listed, not dropped',
          files: () => ({ 'locked/c.ts': good }),
          setup: (root: string) => chmodSync(join(root, 'locked'), 0),
          expect: (r: ScanResult) => expect(r.skipped).toEqual([{ file: 'locked', reason: 'folder cannot be read (permission denied): the files in it are not scanned' }]),
        },
      ]),
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
  // Shapes whose cost once grew without bound (issue 13): each must still report its flow. Their time is in the bench, not here.
  { name: 'a 40-line doubling chain (v1 = v0 + v0, ...)', files: () => ({ 'doubling.ts': doublingChain(40) }), expect: (r) => expect(categoriesAt(r, 'doubling.ts')).toEqual(['email']), lint: 'doubling.ts', lintReports: true },
  { name: 'a 1,000-deep chain of wrapper functions', files: () => ({ 'wrappers.ts': wrapperChain(1000) }), expect: (r) => expect(categoriesAt(r, 'wrappers.ts')).toEqual(['email']), lint: 'wrappers.ts', lintReports: true },
  ...(['export *', 'export { x } from', 'import then export'] as const).map(
    (kind): Case => ({ name: `a 50-deep chain of re-exports (${kind})`, files: () => reexportChain(50, kind), expect: (r) => expect(categoriesAt(r, 'use.ts')).toEqual(['email']), lint: 'use.ts' }),
  ),
  { name: 'a 200-call builder chain', files: () => ({ 'builder.ts': builderChain(200) }), expect: (r) => expect(categoriesAt(r, 'builder.ts')).toEqual(['email']), lint: 'builder.ts', lintReports: true },
  { name: 'a 10,000-case switch', files: () => ({ 'switch.ts': bigSwitch(10_000) }), expect: (r) => expect(categoriesAt(r, 'switch.ts')).toEqual(['email']), lint: 'switch.ts', lintReports: true },
];

/** The categories reported in a file, over all its flows, sorted. */
function categoriesAt(result: ScanResult, file: string): string[] {
  return [...new Set(result.flows.filter((flow) => flow.sink.file === file).flatMap((flow) => flow.data.map((item) => item.category)))].sort();
}

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
      if (testCase.lintReports) expect(messages.filter((message) => message.ruleId?.startsWith('piiflow/')).map((message) => message.message).join('\n')).toMatch(/email/);
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
