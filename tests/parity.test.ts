import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { scan } from './helpers/piiflow';
import { itemsOfMessage, listedCategories } from './helpers/eslint-runs';
import { plugin } from '../src/eslint/plugin';

const repo = join(__dirname, '..');
const vendorFixtures = join(__dirname, 'fixtures', 'vendors');
const crossFile = join(__dirname, 'fixtures', 'projects', 'cross-file', 'src');
const files = [
  ...['app/signup.ts', 'app/decoy.ts', 'lib/segment.ts'].map((file) => join(crossFile, file)),
  ...['app/account.ts', 'lib/analytics.ts'].map((file) => join(__dirname, 'fixtures', 'projects', 'wrappers', 'src', file)),
  join(__dirname, 'fixtures', 'projects', 'declared-anonymizer', 'src', 'signup.ts'),
  ...readdirSync(join(__dirname, 'fixtures', 'flows')).map((file) => join(__dirname, 'fixtures', 'flows', file)),
  ...readdirSync(vendorFixtures).flatMap((vendor) => ['positive.ts', 'negative.ts'].map((name) => join(vendorFixtures, vendor, name))),
  ...['src/lib/analytics.ts', 'src/lib/monitoring.ts', 'src/lib/support.ts', 'src/lib/feature-flags.ts', 'src/components/Checkout.tsx', 'src/hooks/useTrackSearch.ts', 'src/pages/api/signup.ts'].map((file) =>
    join(repo, 'examples', 'webshop', file),
  ),
];

/** Violations as `line:column category`, each category once per SDK call, at the call. */
function viaEslint(file: string, parser: 'typescript' | 'typescript-without-nodes'): string[] {
  const linter = new Linter({ cwd: repo });
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: {
        // The second variant hides the parser's TypeScript nodes, so the rule parses the text itself.
        parser: parser === 'typescript' ? tsParser : { ...tsParser, parseForESLint: (code: string, options: Parameters<typeof tsParser.parseForESLint>[1]) => ({ ...tsParser.parseForESLint(code, options), services: {} }) },
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
    },
    plugin.configs.recommended,
  ];
  const messages = linter.verify(readFileSync(file, 'utf8'), config, { filename: file });
  return messages.flatMap((message) => {
    expect(message.fatal, message.message).toBeFalsy();
    // One short message per SDK call, the details in the scan's reports (issue 16, defect 7).
    expect(message.message.length, message.message).toBeLessThanOrEqual(160);
    const items = itemsOfMessage(message.message);
    expect(items, message.message).toBeTruthy();
    return items!.map((item) => `${message.line}:${message.column} ${item.category}`);
  });
}

function viaScanner(file: string): string[] {
  const result = scan({ paths: [file], cwd: repo });
  return result.flows.flatMap((flow) => listedCategories(flow.data.filter((item) => item.verdict === 'violation').map((item) => item.category)).map((category) => `${flow.sink.line}:${flow.sink.column} ${category}`));
}

describe('both front-ends find the same violations', () => {
  it.each(files.map((file) => [relative(repo, file), file]))('%s', (_name, file) => {
    const scanner = viaScanner(file).sort();
    expect(viaEslint(file, 'typescript').sort()).toEqual(scanner);
    expect(viaEslint(file, 'typescript-without-nodes').sort()).toEqual(scanner);
  });

  it('the fixtures are not trivially empty', () => {
    expect(files.flatMap(viaScanner).length).toBeGreaterThan(50);
  });
});
