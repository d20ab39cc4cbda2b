// The layers of src/ and which layers each may import (README, "Architecture"). The project's lint
// (eslint.config.mjs) and tests/architecture.test.ts both enforce this one table.
export const LAYERS = {
  model: [],
  catalog: ['model'],
  policy: ['catalog', 'model'],
  engine: ['catalog', 'model'],
  session: ['engine', 'policy', 'catalog', 'model'],
  scanner: ['session', 'model'],
  eslint: ['session', 'model'],
  report: ['model'],
  cli: ['scanner', 'session', 'report', 'model'],
};

/** Layers used by the ones above them through a door: their index.ts. */
export const DOORS = ['session', 'scanner', 'report'];
