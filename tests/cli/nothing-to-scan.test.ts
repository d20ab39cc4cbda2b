import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';
import { scan } from '../../src/scanner/index';

const leak = "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";

// Issue 16, defect 3: a gate that passes because it looked at nothing is worse than none.
describe('nothing to scan is exit 2 with the cause, never "0 files scanned ✔"', () => {
  it('a folder that a parent .gitignore ignores names the file, line and pattern', () => {
    const outer = temporaryRepository({ '.gitignore': 'inner/\n', 'inner/a.ts': leak });
    const run = runCli(['scan', join(outer, 'inner')], outer);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`nothing to scan: all files in ${join(outer, 'inner')} are ignored by ${join(outer, '.gitignore')}:1 (inner/)`);
    expect(run.stdout).toBe('');
  });

  it('naming a file inside such a folder behaves as naming the folder', () => {
    const outer = temporaryRepository({ '.gitignore': '# build\ninner/\n', 'inner/a.ts': leak });
    const run = runCli(['scan', 'inner/a.ts'], outer);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`nothing to scan: inner/a.ts is ignored by ${join(outer, '.gitignore')}:2 (inner/)`);
    // With another file that is scanned, the ignored one is listed as not analysed, with the rule.
    const both = runCli(['scan', 'inner/a.ts', 'b.ts', '--format', 'json'], temporaryRepository({ '.gitignore': 'inner/\n', 'inner/a.ts': leak, 'b.ts': 'export const b = 1;\n' }));
    expect(both.code).toBe(0);
    expect(JSON.parse(both.stdout).skipped).toEqual([{ file: 'inner/a.ts', reason: expect.stringMatching(/^ignored by .*\.gitignore:1 \(inner\/\)$/) }]);
  });

  it('an empty folder', () => {
    const root = temporaryRepository();
    mkdirSync(join(root, 'empty'));
    const run = runCli(['scan', 'empty'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing to scan: empty is an empty folder');
  });

  it('a folder with no JavaScript or TypeScript files', () => {
    const root = temporaryRepository({ 'site/index.html': '<p>hi</p>\n', 'site/style.css': 'p{}\n' });
    const run = runCli(['scan', 'site'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing to scan: site holds no JavaScript or TypeScript files (.ts .tsx');
  });

  it('a folder whose only source files are build output', () => {
    const root = temporaryRepository({ 'dist/app.js': leak, 'node_modules/x/index.js': leak });
    const run = runCli(['scan', '.'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing to scan: all 2 JavaScript or TypeScript files in . are in folders piiflow skips');
  });

  it('the programmatic API throws a PiiflowUserError', () => {
    const root = temporaryRepository({ 'README.md': '# hi\n' });
    expect(() => scan({ cwd: root })).toThrow(expect.objectContaining({ name: 'PiiflowUserError', message: expect.stringContaining('nothing to scan') }));
  });
});
