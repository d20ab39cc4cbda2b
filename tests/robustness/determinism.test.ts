import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../helpers/piiflow';
import { renderJson } from '../../src/report/json';
import { renderText } from '../../src/report/text';

const repo = join(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'piiflow-determinism-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function files(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => (statSync(join(directory, name)).isDirectory() ? files(join(directory, name)) : [join(directory, name)]));
}

/** The same tree, written file by file in the given order (so directory entries come back in another order). */
function copyInOrder(source: string, target: string, order: (paths: string[]) => string[]): string {
  for (const file of order(files(source))) {
    const destination = join(target, relative(source, file));
    mkdirSync(join(destination, '..'), { recursive: true });
    cpSync(file, destination);
  }
  return target;
}

describe('the same tree gives byte-identical reports', () => {
  const source = join(repo, 'tests', 'corpus', 'saas-dashboard');
  const forward = copyInOrder(source, join(scratch, 'forward'), (paths) => paths.sort());
  const backward = copyInOrder(source, join(scratch, 'backward'), (paths) => paths.sort().reverse());

  it('whatever order the file system lists the files in', () => {
    const a = scan({ paths: [forward] });
    const b = scan({ paths: [backward] });
    expect(renderJson(b)).toBe(renderJson(a));
    expect(renderText(b, { color: false, target: '.' })).toBe(renderText(a, { color: false, target: '.' }));
  });

  it('whatever the caches hold: a second scan in the same process and a scan in a fresh one agree', () => {
    const first = renderJson(scan({ paths: [forward] }));
    const again = renderJson(scan({ paths: [forward] }));
    let fresh = '';
    try {
      fresh = execFileSync(process.execPath, [join(repo, 'bin', 'piiflow.js'), 'scan', forward, '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      fresh = (error as { stdout: string }).stdout;
    }
    expect(again).toBe(first);
    expect(fresh).toBe(first);
  });
});
