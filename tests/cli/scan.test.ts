import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../helpers/piiflow';
import { runCli } from '../helpers/cli';
import { CYCLES_TS, deeplyNested } from '../helpers/pathological';

const repo = join(__dirname, '..', '..');
const projects = join(repo, 'tests', 'fixtures', 'projects');
const scratch = mkdtempSync(join(tmpdir(), 'piiflow-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, string | Buffer>): string {
  const root = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const leak = `import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n`;

describe('piiflow scan: exit codes and formats', () => {
  it('exits 0 with no violations and says so', () => {
    const result = runCli(['scan', 'tests/fixtures/projects/clean'], repo);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✔ no violations');
    expect(result.stdout).toContain('Mixpanel (mixpanel): 1 call site, no personal data: ok');
    expect(result.stderr).toBe('');
  });

  it('exits 1 with violations, naming file, line, field, category and vendor', () => {
    const root = project('leak', { 'src/a.ts': leak });
    const result = runCli(['scan', root], repo);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✖ src\/a\.ts:2:47 {2}Sentry\.setUser/);
    expect(result.stdout).toMatch(/email +email +violation: no piiflow\.policy\.yaml allows email for Sentry/);
  });

  it('prints one JSON object in the documented shape', () => {
    const root = project('json', { 'src/a.ts': leak });
    const result = runCli(['scan', root, '--format', 'json'], repo);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as ScanResult;
    expect(Object.keys(json)).toEqual(['version', 'tool', 'policy', 'policies', 'flows', 'skipped', 'problems', 'summary']);
    expect(json.version).toBe(1);
    expect(json.flows).toHaveLength(1);
    const [flow] = json.flows;
    expect(flow).toMatchObject({
      vendor: 'sentry',
      sink: { file: 'src/a.ts', line: 2, column: 47, call: 'Sentry.setUser', method: 'setUser', through: '@sentry/browser' },
      verdict: 'violation',
    });
    expect(flow!.data).toEqual([
      {
        category: 'email',
        field: 'email',
        anonymized: false,
        role: 'user',
        origin: 'name',
        verdict: 'violation',
        violationKind: 'not-allowed',
        reason: 'no piiflow.policy.yaml allows email for Sentry',
        fingerprint: expect.stringMatching(/^[0-9a-f]{20}$/),
        at: { line: 2, column: 64, endLine: 2, endColumn: 81 },
        trace: [{ file: 'src/a.ts', line: 2, column: 71, expression: 'user.email' }],
      },
    ]);
    expect(json.summary).toEqual({
      filesScanned: 1,
      filesSkipped: 0,
      flows: 1,
      dataItems: 1,
      violations: 1,
      suppressed: 0,
      vendors: [{ vendor: 'sentry', name: 'Sentry', calls: 1, categories: ['email'], violations: 1 }],
    });
  });

  it('uses the nearest policy above the scanned folder, and --policy over it', () => {
    const root = project('policy', {
      'piiflow.policy.yaml': 'version: 1\nvendors:\n  sentry:\n    allow: [email]\n',
      'app/src/a.ts': leak,
      'strict.yaml': 'version: 1\n',
    });
    expect(runCli(['scan', join(root, 'app')], repo).code).toBe(0);
    const strict = runCli(['scan', join(root, 'app'), '--policy', join(root, 'strict.yaml')], repo);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('the policy does not allow email for Sentry');
  });

  it('writes --output to a file, and refuses a source-file name', () => {
    const root = project('output', { 'src/a.ts': leak });
    const written = runCli(['scan', root, '--format', 'json', '--output', join(root, 'report.json')], repo);
    expect(written.code).toBe(1);
    expect(written.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')).summary.violations).toBe(1);
    const refused = runCli(['scan', root, '--output', join(root, 'src', 'a.ts')], repo);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refusing to write a report over a JavaScript or TypeScript file');
    expect(readFileSync(join(root, 'src', 'a.ts'), 'utf8')).toBe(leak);
  });

  it('colours only a terminal, and never with NO_COLOR', () => {
    const root = project('color', { 'src/a.ts': leak });
    expect(runCli(['scan', root], repo, { tty: true }).stdout).toContain('\u001b[');
    expect(runCli(['scan', root], repo, { tty: true, env: { NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(runCli(['scan', root], repo).stdout).not.toContain('\u001b[');
  });

  it('respects .gitignore and skips node_modules, build output and declaration files', () => {
    const root = project('ignored', {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'generated/\n',
      'src/a.ts': leak,
      'generated/b.ts': leak,
      'node_modules/pkg/index.js': leak,
      'dist/c.js': leak,
      'src/types.d.ts': leak,
    });
    const json = JSON.parse(runCli(['scan', root, '--format', 'json'], repo).stdout) as ScanResult;
    expect(json.flows.map((flow) => flow.sink.file)).toEqual(['src/a.ts']);
  });

  it('gives byte-identical JSON on two runs', () => {
    const first = runCli(['scan', 'examples/webshop', '--format', 'json'], repo).stdout;
    const second = runCli(['scan', 'examples/webshop', '--format', 'json'], repo).stdout;
    expect(second).toBe(first);
  });
});

describe('piiflow scan: bad input gets a clear message and the documented exit code', () => {
  const rulesCopy = join(scratch, 'rules');
  cpSync(join(repo, 'rules'), rulesCopy, { recursive: true });

  const cases: { name: string; args: () => string[]; code: number; stderr?: RegExp; stdout?: RegExp; check?: (json: ScanResult) => void }[] = [
    {
      name: 'a file with a syntax error is listed as not analysed, with its location; the rest is scanned',
      args: () => ['scan', join(projects, 'broken'), '--format', 'json'],
      code: 1,
      stderr: /not analysed: src\/syntax-error\.ts:3:\d+: syntax error: /,
      check: (json) => {
        expect(json.skipped).toHaveLength(1);
        expect(json.skipped[0]).toMatchObject({ file: 'src/syntax-error.ts', line: 3 });
        expect(json.flows.map((flow) => flow.sink.file)).toEqual(['src/ok.ts']);
      },
    },
    {
      name: 'the text report lists a file it could not analyse',
      args: () => ['scan', join(projects, 'broken')],
      code: 1,
      stdout: /Not analysed \(1\):\n {2}src\/syntax-error\.ts:3:\d+ {2}syntax error: /,
    },
    { name: 'a path that does not exist', args: () => ['scan', 'no/such/dir'], code: 2, stderr: /^piiflow: no\/such\/dir: no such file or directory\n/ },
    { name: 'an unknown command gets a did-you-mean', args: () => ['scna'], code: 2, stderr: /unknown command "scna"\n {2}did you mean "piiflow scan"\?/ },
    { name: 'an unknown option', args: () => ['scan', '--fromat', 'json'], code: 2, stderr: /unknown option --fromat for piiflow scan\n\s+did you mean --format\?/ },
    { name: 'an unknown format', args: () => ['scan', '--format', 'jsno'], code: 2, stderr: /unknown format "jsno"\n {2}formats: text, json, sarif, markdown, html, inventory-csv, inventory-json; did you mean "json"\?/ },
    { name: 'a bad --max-file-size', args: () => ['scan', '--max-file-size', 'big'], code: 2, stderr: /--max-file-size takes a number of KiB from 1 to 1048576, not "big"/ },
    {
      name: 'a policy with invalid YAML names file, line and column',
      args: () => ['scan', project('yaml', { 'a.ts': leak, 'piiflow.policy.yaml': 'version: 1\nvendors:\n  sentry:\n    allow: [email\n' })],
      code: 2,
      stderr: /piiflow\.policy\.yaml:\d+:\d+: invalid YAML: /,
    },
    {
      name: 'a policy with an unknown key',
      args: () => ['scan', project('key', { 'a.ts': leak, 'piiflow.policy.yaml': 'version: 1\nvendor:\n  sentry: {}\n' })],
      code: 2,
      stderr: /piiflow\.policy\.yaml:2:1: invalid policy: unknown key "vendor"/,
    },
    {
      name: 'a policy with an unknown vendor gets a did-you-mean',
      args: () => ['scan', project('vendor', { 'a.ts': leak, 'piiflow.policy.yaml': 'version: 1\nvendors:\n  sentri:\n    allow: [email]\n' })],
      code: 2,
      stderr: /piiflow\.policy\.yaml:3:3: unknown vendor "sentri"\n {2}did you mean "sentry"\?/,
    },
    {
      name: 'a policy with an unknown category gets a did-you-mean',
      args: () => ['scan', project('category', { 'a.ts': leak, 'piiflow.policy.yaml': 'version: 1\nvendors:\n  sentry:\n    allow: [user_id, emial]\n' })],
      code: 2,
      stderr: /piiflow\.policy\.yaml:4:22: unknown category "emial" in vendors\.sentry\.allow\n {2}did you mean "email"\?/,
    },
    {
      name: 'an empty policy file',
      args: () => ['scan', project('empty-policy', { 'a.ts': leak, 'piiflow.policy.yaml': '' })],
      code: 2,
      stderr: /piiflow\.policy\.yaml:1:1: the policy file is empty/,
    },
    {
      name: 'a missing --policy file',
      args: () => ['scan', join(projects, 'clean'), '--policy', 'nope.yaml'],
      code: 2,
      stderr: /nope\.yaml: policy file not found/,
    },
    {
      name: 'a malformed vendor file names file, line and column',
      args: () => {
        writeFileSync(join(rulesCopy, 'vendors', 'heap.yaml'), 'id: heap\nname: Heap\nkind: analytics\nentrypoints:\n  - global: heap\nsinks:\n  - call: identify\n    args: { 0: user-identifier }\n');
        return ['scan', join(projects, 'clean'), '--rules', rulesCopy];
      },
      code: 2,
      stderr: /rules\/vendors\/heap\.yaml:8:16: invalid vendor: sinks\.0\.args\.0: must be one of user-id, /,
    },
    {
      name: 'a minified bundle, a binary file and a huge file are skipped with a reason; the rest is scanned',
      args: () =>
        [
          'scan',
          project('skips', {
            'src/a.ts': leak,
            'src/vendor-bundle.js': `var a=1;${'function f(){return 1}'.repeat(2000)}\n`,
            'src/binary.js': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]),
            'src/huge.ts': `export const x = 1;\n${'// padding\n'.repeat(20_000)}`,
          }),
          '--format',
          'json',
          '--max-file-size',
          '100',
        ],
      code: 1,
      check: (json) => {
        expect(json.skipped.map((skipped) => [skipped.file, skipped.reason.split(' (')[0]])).toEqual([
          ['src/binary.js', 'binary content'],
          ['src/huge.ts', 'larger than 100 KiB'],
          ['src/vendor-bundle.js', 'looks minified or generated'],
        ]);
        expect(json.summary).toMatchObject({ filesScanned: 1, filesSkipped: 3, violations: 1 });
      },
    },
    {
      name: 'an expression nested 20,000 deep is skipped with a reason, a 100k-element array is analysed, cycles terminate',
      args: () => [
        'scan',
        project('pathological', {
          'deep.ts': deeplyNested(20_000),
          'array.ts': `import mixpanel from 'mixpanel-browser';\nexport const big = [\n${Array.from({ length: 100_000 }, (_, index) => index).join(',\n')}];\nmixpanel.track('a', { big });\n`,
          'cycles.ts': CYCLES_TS,
          'empty.ts': '',
          'bom-crlf.ts': "\uFEFFimport * as Sentry from '@sentry/browser';\r\nexport const f = (user: { email: string }) =>\r\n  Sentry.setUser({ email: user.email });\r\n",
        }),
        '--format',
        'json',
      ],
      code: 1,
      check: (json) => {
        expect(json.skipped).toEqual([{ file: 'deep.ts', reason: 'nested too deeply to parse (the parser ran out of stack); split the expression to have it analysed' }]);
        const found = json.flows.map((flow) => `${flow.sink.file}:${flow.sink.line} ${flow.data.map((item) => item.category).join(',')}`);
        expect(found).toEqual(['array.ts:100003 ', 'bom-crlf.ts:3 email', 'cycles.ts:5 email,phone']);
      },
    },
    {
      name: 'a folder without source files is nothing to scan: exit 2 with the cause (a gate must not pass on nothing)',
      args: () => ['scan', project('empty-dir', { 'README.md': 'nothing here\n' })],
      code: 2,
      stderr: /nothing to scan: .*empty-dir holds no JavaScript or TypeScript files/,
    },
  ];

  it.each(cases)('$name', ({ args, code, stderr, stdout, check }) => {
    const result = runCli(args(), repo);
    expect(result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // never a stack trace
    if (stderr) expect(result.stderr).toMatch(stderr);
    if (stdout) expect(result.stdout).toMatch(stdout);
    if (check) check(JSON.parse(result.stdout) as ScanResult);
    expect(result.code, result.stderr).toBe(code);
  });
});
