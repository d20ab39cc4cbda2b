import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const repo = join(__dirname, '..');

// The labelled corpus (tests/corpus) against tests/corpus/thresholds.json, as `npm run accuracy -- --check` does.
it('meets the accuracy thresholds on the labelled corpus', () => {
  let output: string;
  try {
    output = execFileSync(process.execPath, [join(repo, 'scripts', 'accuracy.mjs'), '--check'], { cwd: repo, encoding: 'utf8' });
  } catch (error) {
    throw new Error((error as { stdout?: string }).stdout ?? String(error));
  }
  expect(output).toContain('All thresholds met.');
});
