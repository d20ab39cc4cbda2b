import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule, { RULE_NAME } from '../src/eslint/rules/no-unapproved-personal-data';
import { plugin } from '../src/eslint/plugin';

const repo = join(__dirname, '..');

describe('documentation stays true', () => {
  it('what is generated from rules/ (README tables, the category list, the schemas\' category enums) is up to date', () => {
    expect(() => execFileSync(process.execPath, [join(repo, 'scripts', 'docs.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it("the rule doc's header matches the rule's meta", () => {
    const doc = readFileSync(join(repo, 'docs', 'rules', `${RULE_NAME}.md`), 'utf8').split('\n');
    expect(doc[0]).toBe(`# piiflow/${RULE_NAME}`);
    expect(doc[2]).toBe(rule.meta?.docs?.description);
    for (const option of Object.keys((rule.meta?.schema as { properties: object }[])[0]!.properties)) {
      expect(doc, `option ${option} has a heading`).toContain(`### ${option}`);
    }
  });

  it('every rule of the plugin has a doc and is in both presets', () => {
    for (const name of Object.keys(plugin.rules)) {
      expect(() => readFileSync(join(repo, 'docs', 'rules', `${name}.md`))).not.toThrow();
      expect(plugin.configs.recommended.rules).toHaveProperty(`piiflow/${name}`);
      expect(plugin.configs['recommended-legacy'].rules).toHaveProperty(`piiflow/${name}`);
    }
  });

  it("the README's test command is what .ci/run runs", () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const ci = readFileSync(join(repo, '.ci', 'run'), 'utf8');
    expect(readme).toContain('npm install && npm test ');
    expect(ci).toMatch(/^npm install && npm test$/m);
  });
});
