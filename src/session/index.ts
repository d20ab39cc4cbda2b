// The session layer's door: the scanner, the ESLint plugin and the CLI reach the analysis through
// here (an AnalysisSession), never through the engine, policy or catalog directly.
export { AnalysisSession, DEFAULT_MAX_FILE_MS, DEFAULT_RECHECK_MS, OVER_BUDGET, TOO_DEEP, guarded, type FileOutcome, type SessionOptions } from './session';
export { explain, type Explanation } from './explain';
export { ModuleGraph, locateImports, repositoryRoot } from './module-graph';
export type { FileAnalysis, FileProblem } from './judge';
export type { FoundFile } from '../engine/analyze-file';
export { scanImports } from '../engine/project';
export { parseSource } from '../engine/parse';
export { ts } from '../engine/ts';
export { BUNDLED_RULES_DIR, loadCatalog, type Catalog } from '../catalog/catalog';
export { POLICY_FILE_NAME, findPolicyFile, type LoadedPolicy } from '../policy/policy';
export { initialPolicy } from '../policy/init';
