import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { plugin } from '../../src/eslint/plugin';
import { DEFAULT_RECHECK_MS } from '../helpers/piiflow';

/**
 * An editor keeps one ESLint alive and lints the same files again as they change, in the editor
 * and on disk. Nothing piiflow learned about a file may outlive the text it learned it from.
 */
const root = mkdtempSync(join(tmpdir(), 'piiflow-editor-'));
mkdirSync(join(root, '.git'));
mkdirSync(join(root, 'src'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended];

describe('one ESLint process, files that change', () => {
  it('a file that gains an SDK import between two lints is analysed the second time', () => {
    const linter = new Linter({ cwd: root });
    const filename = join(root, 'src', 'edited.ts');
    expect(linter.verify('export const f = (user: { email: string }) => user.email;\n', config, { filename })).toEqual([]);
    const edited = "import mixpanel from 'mixpanel-browser';\nexport const f = (user: { email: string }) => mixpanel.track('x', { email: user.email });\n";
    expect(linter.verify(edited, config, { filename }).map((message) => message.message)).toEqual([expect.stringMatching(/^Mixpanel receives email from mixpanel.track\. /)]);
  });

  it('a file whose imported module starts calling an SDK on disk is analysed again once that module is checked again (within a second)', () => {
    // Another file on disk is checked at most once per second (an `eslint .` run would otherwise
    // check each module once per file importing it); the clock is moved past that second.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const linter = new Linter({ cwd: root });
      const wrapper = join(root, 'src', 'wrapper.ts');
      writeFileSync(wrapper, 'export function send(_properties: object) {}\n');
      const filename = join(root, 'src', 'feature.ts');
      const feature = "import { send } from './wrapper';\nexport const f = (user: { email: string }) => send({ email: user.email });\n";
      expect(linter.verify(feature, config, { filename })).toEqual([]);
      writeFileSync(wrapper, "import posthog from 'posthog-js';\nexport function send(properties: object) {\n  posthog.capture('x', properties);\n}\n");
      utimesSync(wrapper, new Date(), new Date(Date.now() + 5000)); // a different mtime even on a coarse clock
      vi.setSystemTime(Date.now() + DEFAULT_RECHECK_MS);
      expect(linter.verify(feature, config, { filename }).map((message) => message.message)).toEqual([expect.stringMatching(/^PostHog receives email from send\. /)]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an unused piiflow-ignore-next-line is reported in a file that touches no SDK', () => {
    const linter = new Linter({ cwd: root });
    const messages = linter.verify('// piiflow-ignore-next-line reviewed by legal\nexport const x = 1;\n', config, { filename: join(root, 'src', 'plain.ts') });
    expect(messages.map((message) => message.message)).toEqual([expect.stringMatching(/suppresses nothing/)]);
  });
});
