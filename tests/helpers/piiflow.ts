// What the tests use of piiflow's layers, in one place (tests are not bound by the layers' import rules).
export { mergeShards, scan, type CacheStats, type ScanOptions } from '../../src/scanner/index';
export { loadPolicy } from '../../src/policy/policy';
export { AnalysisSession, DEFAULT_RECHECK_MS, ModuleGraph, loadCatalog, BUNDLED_RULES_DIR, ts } from '../../src/session/index';
export { SdkMentions } from '../../src/engine/mentions';
export { Project } from '../../src/engine/project';
export { PiiflowUserError } from '../../src/model/errors';
export { CATEGORIES } from '../../src/model/categories';
export { stillAboutPerson, tokenize } from '../../src/catalog/names';
export type { DataItem, Flow, ScanResult } from '../../src/model/result';
