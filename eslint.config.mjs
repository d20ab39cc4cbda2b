// The project's own lint (ESLint 10): `npm run lint`.
import tsParser from '@typescript-eslint/parser';
import piiflow from './dist/index.js';

export default [
  { ignores: ['dist/**', 'node_modules/**', 'examples/**', 'tests/fixtures/**', 'tests/corpus/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
      'no-debugger': 'error',
      'no-duplicate-imports': 'error',
      'no-throw-literal': 'error',
      'no-self-compare': 'error',
      'no-unreachable': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // One engine: the front-ends and reports reach it only through its door.
    files: ['src/eslint/**', 'src/cli/**', 'src/report/**', 'src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/core/*', '!**/core/index'], message: 'Import the engine through src/core/index.ts only.' }] },
      ],
    },
  },
  {
    // Library code talks to the user through the CLI's io, never straight to the console.
    files: ['src/core/**', 'src/report/**', 'src/eslint/**'],
    rules: { 'no-console': 'error' },
  },
  // Dogfood: piiflow checks its own source (it sends nothing to any vendor).
  { files: ['src/**/*.ts'], ...piiflow.configs.recommended },
];
