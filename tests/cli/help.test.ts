import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';

const app = "import * as Sentry from '@sentry/browser';\nexport const login = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";

/** Every file of a folder with its text, to prove a command wrote nothing. */
function snapshotOf(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[path.slice(root.length)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

describe('piiflow <command> --help (issue 16, defect 1)', () => {
  const cases: { command: string; args: string[] }[] = [
    { command: 'scan', args: ['.'] },
    { command: 'explain', args: ['src/app.ts:2'] },
    { command: 'init', args: ['.'] },
    { command: 'baseline', args: ['.'] },
    { command: 'diff', args: ['old.json', 'new.json'] },
    { command: 'merge', args: ['shard-1.json'] },
  ];
  for (const { command, args } of cases) {
    for (const flag of ['--help', '-h']) {
      it(`${command} ${flag} prints the usage of ${command}, exits 0 and writes nothing`, () => {
        const root = temporaryRepository({ 'src/app.ts': app, 'piiflow.baseline.json': '{"version":1,"tool":"piiflow","violations":[]}\n' });
        const before = snapshotOf(root);
        const run = runCli([command, ...args, flag], root);
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(`Usage: piiflow ${command} `);
        expect(run.stderr).toBe('');
        expect(snapshotOf(root)).toEqual(before);
      });
    }
  }

  it('-V prints the version like --version', () => {
    const root = temporaryRepository();
    expect(runCli(['-V'], root)).toEqual(runCli(['--version'], root));
    expect(runCli(['-V'], root).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an unknown option gets a did-you-mean in every command', () => {
    const root = temporaryRepository({ 'src/app.ts': app });
    const run = runCli(['baseline', '--ouput', 'x.json'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/did you mean --output\?/);
  });
});
