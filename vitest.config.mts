import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globals: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The JSON file is what .ci/run reads its 'N passed, N failed' line from.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
