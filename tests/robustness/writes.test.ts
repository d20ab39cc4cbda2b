import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReportTarget, reportTargetProblem, writeFileNoFollow } from '../../src/scanner/safe-write';
import { temporaryRepository } from '../helpers/repository';

/**
 * Where piiflow writes (issue 15, item 7): a report never replaces a policy, a baseline, a source
 * file or a file piiflow did not write, and nothing is written through a link.
 */
describe('report targets', () => {
  const root = () =>
    temporaryRepository({
      'src/a.ts': 'export const a = 1;\n',
      'piiflow.policy.yaml': 'version: 1\n',
      'package.json': '{ "name": "app" }\n',
      'piiflow.baseline.json': '{\n  "version": 1,\n  "tool": "piiflow",\n  "violations": []\n}\n',
      'old-report.json': '{\n  "version": 1,\n  "tool": {\n    "name": "piiflow",\n    "version": "0.1.0"\n  },\n  "flows": []\n}\n',
      'old-report.txt': 'piiflow 0.1.0: 3 files scanned in .\n',
      'notes/policy.yaml': 'version: 1\n',
    });

  it.each([
    ['piiflow.policy.yaml', /over a policy file/],
    ['package.json', /a file piiflow did not write/],
    ['src/a.ts', /over a JavaScript or TypeScript file/],
    ['piiflow.baseline.json', /over a baseline/],
    ['src', /not a regular file/],
  ])('-o %s is refused', (target, message) => {
    const folder = root();
    const before = existsSync(join(folder, target)) && target !== 'src' ? readFileSync(join(folder, target), 'utf8') : undefined;
    expect(reportTargetProblem(join(folder, target))).toMatch(message);
    expect(() => checkReportTarget(join(folder, target), { display: target })).toThrow(message);
    if (before !== undefined) expect(readFileSync(join(folder, target), 'utf8')).toBe(before);
  });

  it('a report through a link (to a source file, or dangling to outside) is refused', () => {
    const folder = root();
    symlinkSync(join(folder, 'src', 'a.ts'), join(folder, 'report.json'));
    symlinkSync('/tmp/piiflow-nowhere/x', join(folder, 'dangling.json'));
    expect(reportTargetProblem(join(folder, 'report.json'))).toMatch(/through a symbolic link/);
    expect(reportTargetProblem(join(folder, 'dangling.json'))).toMatch(/through a symbolic link/);
  });

  it('a file this run reads (a policy under another name) is protected by name', () => {
    const folder = root();
    expect(reportTargetProblem(join(folder, 'notes', 'policy.yaml'), { protectedFiles: [join(folder, 'notes', 'policy.yaml')] })).toMatch(/a file this run reads/);
  });

  it('a new file and a report piiflow wrote before may be written', () => {
    const folder = root();
    expect(reportTargetProblem(join(folder, 'new.sarif'))).toBeUndefined();
    expect(reportTargetProblem(join(folder, 'old-report.json'))).toBeUndefined();
    expect(reportTargetProblem(join(folder, 'old-report.txt'))).toBeUndefined();
  });
});

describe('writing without following links (init, baseline)', () => {
  it('refuses a dangling link that leads outside, and an existing file when exclusive', () => {
    const folder = temporaryRepository({});
    const outside = join(temporaryRepository({}), 'planted.yaml');
    symlinkSync(outside, join(folder, 'piiflow.policy.yaml'));
    expect(() => writeFileNoFollow(join(folder, 'piiflow.policy.yaml'), 'version: 1\n', { display: 'piiflow.policy.yaml' })).toThrow(/through a symbolic link/);
    expect(() => writeFileNoFollow(join(folder, 'piiflow.policy.yaml'), 'version: 1\n', { display: 'piiflow.policy.yaml', exclusive: true })).toThrow(/exists/);
    expect(existsSync(outside)).toBe(false);
    writeFileSync(join(folder, 'plain.yaml'), 'old');
    writeFileNoFollow(join(folder, 'plain.yaml'), 'new', { display: 'plain.yaml' });
    expect(readFileSync(join(folder, 'plain.yaml'), 'utf8')).toBe('new');
  });
});
