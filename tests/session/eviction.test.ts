import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisSession } from '../helpers/piiflow';
import { temporaryRepository } from '../helpers/repository';

/**
 * A long-lived session (an editor's ESLint, `eslint .` over a monorepo) keeps a bounded number of
 * parsed modules between two files, the most recently used; what it drops it parses again when a
 * later file needs it, and finds the same.
 */
function repository(): { root: string; pages: string[] } {
  const files: Record<string, string> = { 'analytics.ts': "import posthog from 'posthog-js';\nexport const client = posthog;\n" };
  const pages: string[] = [];
  for (let index = 0; index < 8; index++) {
    files[`wrappers/w${index}.ts`] = `import { client } from '../analytics';\nexport function send${index}(properties: object) {\n  client.capture('e${index}', properties);\n}\n`;
    files[`pages/p${index}.ts`] = `import { send${index} } from '../wrappers/w${index}';\nimport { send0 } from '../wrappers/w0';\nexport const go = (user: { email: string; phone: string }) => {\n  send${index}({ email: user.email });\n  send0({ phone: user.phone });\n};\n`;
    pages.push(`pages/p${index}.ts`);
  }
  return { root: temporaryRepository(files), pages };
}

/** What each page sends, file by file, in a session that keeps at most `limit` modules (and how many it kept after each file). */
function lint(root: string, pages: readonly string[], limit?: number): { found: string[][]; kept: number[] } {
  const session = new AnalysisSession({ cwd: root, displayRoot: root, boundary: root, noPolicy: true, ...(limit !== undefined ? { maxKeptModules: limit } : {}) });
  const found: string[][] = [];
  const kept: number[] = [];
  // Twice over: the second round finds again what the first one dropped.
  for (const page of [...pages, ...pages]) {
    const path = join(root, page);
    const outcome = session.analyze(path, readFileSync(path, 'utf8'));
    found.push(outcome.kind === 'found' ? outcome.found.calls.map((call) => `${call.vendor} ${call.sink.line} ${call.items.map((item) => item.category).join(',')}`) : [outcome.kind]);
    kept.push(session.graph.parsedCount);
  }
  return { found, kept };
}

describe('a long-lived session keeps a bounded number of parsed modules', () => {
  it('drops the least recently used beyond the limit and finds the same, file after file', () => {
    const { root, pages } = repository();
    const unbounded = lint(root, pages, 1000);
    const bounded = lint(root, pages, 3);
    expect(bounded.found).toEqual(unbounded.found);
    expect(unbounded.found[1]).toEqual(['posthog 4 email', 'posthog 5 phone']);
    expect(Math.max(...bounded.kept)).toBeLessThanOrEqual(3);
    expect(Math.max(...unbounded.kept)).toBeGreaterThan(3);
  });
});
