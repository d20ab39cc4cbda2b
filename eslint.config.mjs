// The project's own lint (ESLint 10): `npm run lint`.
import tsParser from '@typescript-eslint/parser';
import piiflow from './dist/index.js';
import { DOORS, LAYERS } from './scripts/layers.mjs';

/** One no-restricted-imports entry per layer folder: the layers it may not import, and the insides of doors. */
function layerRules(allowed) {
  return Object.entries(allowed).map(([layer, below]) => {
    const forbidden = Object.keys(allowed).filter((other) => other !== layer && !below.includes(other));
    const patterns = forbidden.map((other) => ({ group: [`**/${other}/*`, `**/${other}`], message: `src/${layer} may import only ${below.length ? below.map((name) => `src/${name}`).join(', ') : 'no other layer'} (README, "Architecture").` }));
    // Layers with a door are reached through their index.ts.
    for (const door of DOORS.filter((name) => below.includes(name))) patterns.push({ group: [`**/${door}/*`, `!**/${door}/index`], message: `Use src/${door} through src/${door}/index.ts.` });
    return { files: [`src/${layer}/**`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
  });
}

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
  // The folders are the layers, and imports point only down (README, "Architecture"). Each layer
  // lists the layers it may import; any other piiflow folder is refused, so an arrow pointing up
  // fails the lint. Within the session layer, the scanner and the front-ends use its door only.
  ...layerRules(LAYERS),
  {
    // Library code talks to the user through the CLI's io, never straight to the console.
    files: ['src/model/**', 'src/catalog/**', 'src/policy/**', 'src/engine/**', 'src/session/**', 'src/scanner/**', 'src/report/**', 'src/eslint/**'],
    rules: { 'no-console': 'error' },
  },
  // Dogfood: piiflow checks its own source (it sends nothing to any vendor).
  { files: ['src/**/*.ts'], ...piiflow.configs.recommended },
];
