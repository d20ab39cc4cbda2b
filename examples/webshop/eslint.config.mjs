// How an app turns piiflow on in ESLint 9 or 10 (flat config).
import tsParser from '@typescript-eslint/parser';
import piiflow from 'eslint-plugin-piiflow';

export default [
  { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } },
  piiflow.configs.recommended,
];
