// The engine's only door: src/eslint, src/cli and src/report import from here and nowhere else.
export { analyzeSourceFile, type AnalyzeOptions, type FileAnalysis } from './analyze-file';
export { parseSource, scriptKindOf, syntaxError } from './parse';
export { Project } from './project';
export { CATEGORIES, isCategory, type Category } from './categories';
export { BUNDLED_RULES_DIR, loadCatalog, type Catalog, type LoadedVendor } from './catalog';
export type { ArgumentRole, DataType, Vendor } from './catalog-types';
export { PiiflowUserError, didYouMean } from './errors';
export { explain, type Explanation } from './explain';
export { initialPolicy } from './init';
export { keepChanges, pathInTree, scanAtRef, type SinceChange } from './since';
export { applyBaseline, baselineOf, fingerprintOf, readBaseline, type Baseline } from './fingerprint';
export { NameClassifier, isSubjectName, stillAboutPerson, tokenize } from './names';
export { NO_POLICY, POLICY_FILE_NAME, decide, findPolicyFile, loadPolicy, resolvePolicy, type LoadedPolicy, type Policy } from './policy';
export { redact } from './redact';
export type { DataItem, Flow, ScanResult, ScanSummary, SkippedFile, Span, TraceStep, VendorSummary } from './result';
export { DEFAULT_MAX_FILE_BYTES, TOO_DEEP, compareText, guardStack, looksMinified, scan, type ScanOptions } from './scan';
export { ts } from './ts';
export { TOOL_VERSION } from './version';
