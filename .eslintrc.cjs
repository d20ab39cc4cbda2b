// Legacy configuration (.eslintrc) for ESLint 8, as an app on ESLint 8 would write it. The test
// suite runs ESLint 8 with this file over the bundled example (tests/eslint/real-eslint.test.ts).
// The project's own lint uses eslint.config.mjs (ESLint 10).
module.exports = {
  root: true,
  ignorePatterns: ['/dist/', 'node_modules/', '/src/', '/tests/', '/bin/', '/scripts/', '*.config.*'],
  overrides: [
    {
      files: ['examples/**/*.{ts,tsx,js,jsx}'],
      parser: '@typescript-eslint/parser',
      parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } },
      extends: ['plugin:piiflow/recommended-legacy'],
    },
  ],
};
