import type { ESLint, Linter, Rule } from 'eslint';
import { TOOL_VERSION } from '../model/version';
import noUnapprovedPersonalData, { RULE_NAME } from './rules/no-unapproved-personal-data';
import personalDataWarning, { WARNING_RULE_NAME } from './rules/personal-data-warning';

export const rules: Record<string, Rule.RuleModule> = {
  [RULE_NAME]: noUnapprovedPersonalData,
  [WARNING_RULE_NAME]: personalDataWarning,
};

// What the policy declares a warning is reported on `warn`: ESLint's severity is per rule.
const recommendedRules: Linter.RulesRecord = { [`piiflow/${RULE_NAME}`]: 'error', [`piiflow/${WARNING_RULE_NAME}`]: 'warn' };

/**
 * Flat config (ESLint 9 and 10): `piiflow.configs.recommended`.
 * Legacy .eslintrc (ESLint 8): `extends: ['plugin:piiflow/recommended-legacy']`. One object cannot
 * be both: eslintrc requires `plugins` to be an array, flat config rejects arrays.
 */
export const plugin = {
  meta: { name: 'eslint-plugin-piiflow', version: TOOL_VERSION },
  rules,
  configs: {} as { recommended: Linter.Config; 'recommended-legacy': Linter.LegacyConfig },
} satisfies ESLint.Plugin;

plugin.configs.recommended = {
  name: 'piiflow/recommended',
  plugins: { piiflow: plugin as unknown as ESLint.Plugin },
  rules: recommendedRules,
};
plugin.configs['recommended-legacy'] = {
  plugins: ['piiflow'],
  rules: recommendedRules,
  // ESLint 8 lints only .js files of a folder (`eslint .`) unless an override names other
  // extensions; these make `npx eslint .` lint TypeScript too, as `--ext .ts,.tsx` would.
  overrides: [{ files: ['*.ts', '*.tsx', '*.mts', '*.cts', '*.jsx', '*.mjs', '*.cjs'], rules: recommendedRules }],
};
