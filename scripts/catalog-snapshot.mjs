// Run by `npm run build` after tsc: writes dist/catalog.snapshot.json, the bundled catalog
// validated once, which the engine uses while rules/ is byte for byte what it was made from.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { CATALOG_SNAPSHOT, catalogSnapshot } = require('../dist/catalog/catalog.js');
writeFileSync(CATALOG_SNAPSHOT, catalogSnapshot());
