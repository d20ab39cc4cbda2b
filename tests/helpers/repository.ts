import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];
afterEach(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/**
 * A fresh folder that is a repository of its own (it has `.git`, so imports are followed inside
 * it and nowhere else), with the given files (relative path to text) or a copy of `from`.
 * Removed after the test.
 */
export function temporaryRepository(files: Record<string, string> = {}, from?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'piiflow-test-'));
  made.push(root);
  if (from) cpSync(from, root, { recursive: true });
  mkdirSync(join(root, '.git'), { recursive: true });
  writeFiles(root, files);
  return root;
}

/** Writes (or overwrites) files under a folder, creating their folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}
