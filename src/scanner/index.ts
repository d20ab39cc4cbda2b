// The scanner's door for the CLI and the package: scan a tree, its cache, shards, --since and baselines.
export { DEFAULT_MAX_FILE_BYTES, scan, type ScanOptions } from './scan';
export type { CacheStats } from './cache';
export { mergeShards } from './merge';
export { keepChanges, pathInTree, scanAtRef, type SinceChange } from './since';
export { applyBaseline, baselineOf, readBaseline, type Baseline } from './baseline';
export { parseSinceRef } from './since';
export { parseMaxFileSize } from './limits';
export { checkReportTarget, writeFileNoFollow } from './safe-write';
