import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CATEGORIES, isCategory, type Category } from '../model/categories';
import { bundledSchema, extendCatalog, type Catalog } from '../catalog/catalog';
import type { Vendor } from '../catalog/catalog-types';
import { PiiflowUserError, didYouMean, type SourcePosition } from '../model/errors';
import { YamlFile, compileSchema } from '../catalog/yaml-file';
import { READ_LIMITS } from '../model/read-file';
import { isInside } from '../model/paths';
import { GlobList } from '../model/glob';
import { hostTarget } from '../model/endpoints';
import { UNCLASSIFIED, type HashStrength, type ItemCategory } from '../model/result';

export const POLICY_FILE_NAME = 'piiflow.policy.yaml';

/** A category, or one specific field (any category, or one). */
export type AllowEntry = Category | { field: string; category?: Category };

/**
 * A category the vendor may receive only anonymized: by a keyed hash (an HMAC, a hash salted with a
 * secret from the environment) or a declared anonymizer; with `accept: plain-hash`, a plain hash too.
 */
export type AnonymizeEntry = Category | { category: Category; accept?: 'plain-hash' };

export interface PolicyRule {
  allow?: AllowEntry[];
  anonymize?: AnonymizeEntry[];
  /** Categories whose violations are warnings: reported, not failing the check. */
  warn?: Category[];
  /** `warning`: every violation this rule judges (its vendor; with global, every vendor) is a warning. */
  severity?: 'error' | 'warning';
  /** Objects of unknown shape (`unclassified` items) sent to the vendor (or, in global, to any): see Policy.unclassified. */
  unclassified?: UnclassifiedSetting;
  purpose?: string;
  legalBasis?: string;
  retention?: string;
  region?: string;
}

/** An accepted violation: `reason` is required; from `expires` on it no longer applies. */
export interface IgnoreEntry {
  vendor?: string;
  category?: ItemCategory;
  field?: string;
  files?: string[];
  reason: string;
  expires?: string;
}

export interface Override {
  files: string[];
  global?: PolicyRule;
  vendors?: Record<string, PolicyRule>;
}

/** One of the app's functions that the policy declares an anonymizer. */
export interface DeclaredAnonymizer {
  function: string;
  from?: string;
  weak?: boolean;
}

/** What an object of unknown shape sent to a vendor is: a violation, a warning, or allowed. */
export type UnclassifiedSetting = 'deny' | 'warn' | 'allow';

/** Objects of unknown shape are warnings unless the policy says otherwise. */
export const DEFAULT_UNCLASSIFIED: UnclassifiedSetting = 'warn';

export interface Policy {
  version: 1;
  default?: 'deny' | 'allow';
  /**
   * Objects whose shape is unknown (`{ ...req.body }`, a record typed `any`) sent to a vendor: `deny` fails the
   * check, `warn` (the default) reports them without failing, `allow` accepts them. A vendor's rule, `global`
   * and overrides can say otherwise; the most specific one that says anything decides.
   */
  unclassified?: UnclassifiedSetting;
  /** Files not reported on: gitignore-style globs relative to the policy file. */
  exclude?: string[];
  anonymizers?: DeclaredAnonymizer[];
  global?: PolicyRule;
  vendors?: Record<string, PolicyRule>;
  overrides?: Override[];
  ignore?: IgnoreEntry[];
  dataTypes?: Partial<Record<Category, { names?: string[]; exactNames?: string[]; examples?: string[] }>>;
  customVendors?: Vendor[];
  /**
   * Who runs the server of an OpenAI-compatible client: an environment variable (AI_BASE_URL) or a host
   * (llm.example.com, *.example.com) to a vendor id, or `self-hosted`.
   */
  endpoints?: Record<string, string>;
}

/** The recipient the policy names for an endpoint, `self-hosted`, or undefined when it names none. */
export function policyEndpoint(loaded: LoadedPolicy, endpoint: { host?: string; env?: string }): string | undefined {
  const table = loaded.policy.endpoints;
  if (!table) return undefined;
  if (endpoint.env !== undefined) return Object.hasOwn(table, endpoint.env) ? table[endpoint.env] : undefined;
  if (endpoint.host !== undefined) return hostTarget(endpoint.host.toLowerCase(), lowerCaseHosts(table));
  return undefined;
}

const lowerCased = new WeakMap<Record<string, string>, Record<string, string>>();

function lowerCaseHosts(table: Record<string, string>): Record<string, string> {
  let hosts = lowerCased.get(table);
  if (!hosts) {
    hosts = Object.fromEntries(Object.entries(table).filter(([key]) => !ENV_NAME.test(key)).map(([key, value]) => [key.toLowerCase(), value]));
    lowerCased.set(table, hosts);
  }
  return hosts;
}

/** An environment variable's name as code writes it; anything else in `endpoints:` is a host. */
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

/** A policy and where it came from (no `path` when no file was found: then nothing personal may leave). */
export interface LoadedPolicy {
  policy: Policy;
  /** Absolute path of the file, if any. */
  path?: string;
  /** The catalog with what the policy adds (its dataTypes and customVendors), when it adds anything. */
  catalog?: Catalog;
  /** Where each ignore entry is written, for reports. */
  ignorePositions?: SourcePosition[];
}

/**
 * What kind of decision: allowed, or which rule the item breaks. Reports derive rule ids and
 * advice from it (never from the wording of `reason`).
 */
export type DecisionKind = 'allowed' | 'not-allowed' | 'anonymize-required' | 'plain-hash' | 'weak-anonymizer' | 'unclassified';

export interface Decision {
  verdict: 'allowed' | 'violation';
  kind: DecisionKind;
  /** A sentence for people: why this item is allowed or not. */
  reason: string;
  /** A violation the policy declares a warning (`warn:`, `severity: warning`): reported, not failing the check. */
  severity?: 'warning';
  /** A violation accepted by an ignore entry of the policy. */
  suppressed?: { reason: string; by: 'policy'; expires?: string };
  /** With `suppressed`: which entry of the policy's `ignore` list accepted it (the caller counts what was used). */
  ignoreIndex?: number;
}

/** The item a decision is about. */
export interface DecisionSubject {
  vendorId: string;
  vendorName: string;
  category: ItemCategory;
  field: string;
  /** With category `unclassified`: the expression whose fields are sent (`req.body`), for the reason. */
  unknownShape?: string;
  anonymizer: { name: string; strength: HashStrength; note?: string } | undefined;
  /** Absolute path of the file the item is sent from (for overrides and ignores by glob). */
  file?: string;
}

export const NO_POLICY: LoadedPolicy = Object.freeze({ policy: { version: 1 as const, default: 'deny' as const } });

// The compiled schema: a pure function of the bundled schema file, compiled once per process.
let validatePolicy: ReturnType<typeof compileSchema> | undefined;

/**
 * Reads and validates a policy file. Schema errors, unknown vendors and unknown categories are
 * reported at their line and column, with a "did you mean" where a close name exists. The
 * session keeps what it loaded while the file is unchanged (see AnalysisSession.policyFor).
 */
export function loadPolicy(path: string, catalog: Catalog, displayPath = path): LoadedPolicy {
  const absolute = resolve(path);
  try {
    statSync(absolute);
  } catch {
    throw new PiiflowUserError('policy file not found', { file: displayPath }, `create it with the keys described in the README, or drop --policy to use ${POLICY_FILE_NAME} from the scanned folder`);
  }

  const file = YamlFile.read(absolute, displayPath, { maxBytes: READ_LIMITS.policy, what: 'policy' });
  if (file.data === null || file.data === undefined) {
    throw new PiiflowUserError('the policy file is empty', { file: displayPath, line: 1, column: 1 }, 'start with `version: 1`');
  }
  validatePolicy ??= compileSchema(bundledSchema('policy'));
  const policy = file.validate<Policy>(validatePolicy, 'policy');
  const extended = extendFor(policy, file, catalog);
  checkVocabulary(policy, file, extended ?? catalog);
  const loaded: LoadedPolicy = {
    policy,
    path: absolute,
    ...(extended ? { catalog: extended } : {}),
    ignorePositions: (policy.ignore ?? []).map((_, index) => file.positionOf(['ignore', index])),
  };
  return loaded;
}

/** The catalog with the policy's extra names and custom vendors; the extra names must classify their examples. */
function extendFor(policy: Policy, file: YamlFile, base: Catalog): Catalog | undefined {
  if (!policy.dataTypes && !policy.customVendors?.length) return undefined;
  const extended = extendCatalog(
    base,
    policy.dataTypes ?? {},
    (policy.customVendors ?? []).map((vendor, index) => ({ vendor, file: file.path, locate: (steps: (string | number)[]) => file.positionOf(['customVendors', index, ...steps]) })),
  );
  for (const [category, extra] of Object.entries(policy.dataTypes ?? {})) {
    (extra?.examples ?? []).forEach((example, index) => {
      const found = extended.names.classify(example, false)?.category;
      if (found !== category) {
        throw new PiiflowUserError(
          `example "${example}" of dataTypes.${category} is classified ${found ?? 'as nothing'}, not ${category}`,
          file.positionOf(['dataTypes', category, 'examples', index]),
          'add a name it ends with to names:, or an exact name with a subject word (customerName) to exactNames:',
        );
      }
    });
  }
  return extended;
}

function checkVocabulary(policy: Policy, file: YamlFile, catalog: Catalog): void {
  const checkCategory = (category: string | undefined, path: (string | number)[], unclassifiedToo = false): void => {
    if (category === undefined || isCategory(category) || (unclassifiedToo && category === UNCLASSIFIED)) return;
    if (category === UNCLASSIFIED) {
      throw new PiiflowUserError(
        `"${UNCLASSIFIED}" is not a category in ${path.filter((step) => typeof step === 'string').join('.')}`,
        file.positionOf(path),
        `objects of unknown shape are judged by the unclassified: key (deny, warn or allow), at the top of the policy or in a vendor's rule`,
      );
    }
    const hint = didYouMean(category, CATEGORIES);
    throw new PiiflowUserError(
      `unknown category "${category}" in ${path.filter((step) => typeof step === 'string').join('.')}`,
      file.positionOf(path),
      hint ? `did you mean "${hint}"? Categories: ${CATEGORIES.join(', ')}` : `categories: ${CATEGORIES.join(', ')}`,
    );
  };
  const checkVendor = (vendorId: string, path: (string | number)[], isKey = true): void => {
    if (catalog.vendors.has(vendorId)) return;
    const hint = didYouMean(vendorId, catalog.vendors.keys());
    throw new PiiflowUserError(
      `unknown vendor "${vendorId}"`,
      file.positionOf(path, isKey),
      hint ? `did you mean "${hint}"?` : `known vendors: ${[...catalog.vendors.keys()].sort().join(', ')} (or define it under customVendors:)`,
    );
  };
  const checkRule = (rule: PolicyRule | undefined, path: (string | number)[]): void => {
    (rule?.allow ?? []).forEach((entry, index) => checkCategory(typeof entry === 'string' ? entry : entry.category, typeof entry === 'string' ? [...path, 'allow', index] : [...path, 'allow', index, 'category']));
    (rule?.anonymize ?? []).forEach((entry, index) => checkCategory(typeof entry === 'string' ? entry : entry.category, typeof entry === 'string' ? [...path, 'anonymize', index] : [...path, 'anonymize', index, 'category']));
    (rule?.warn ?? []).forEach((category, index) => checkCategory(category, [...path, 'warn', index]));
  };
  const checkRules = (global: PolicyRule | undefined, vendors: Record<string, PolicyRule> | undefined, path: (string | number)[]): void => {
    checkRule(global, [...path, 'global']);
    for (const [vendorId, rule] of Object.entries(vendors ?? {})) {
      checkVendor(vendorId, [...path, 'vendors', vendorId]);
      checkRule(rule, [...path, 'vendors', vendorId]);
    }
  };
  checkRules(policy.global, policy.vendors, []);
  for (const [key, target] of Object.entries(policy.endpoints ?? {})) {
    if (!ENV_NAME.test(key) && !HOST.test(key)) {
      const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(key)?.[1];
      throw new PiiflowUserError(
        `endpoints: "${key}" is neither an environment variable nor a host`,
        file.positionOf(['endpoints', key], true),
        host ? `write the host alone (${host.toLowerCase()})` : 'write an environment variable as it is named in the code (AI_BASE_URL) or a host (llm.example.com, *.example.com)',
      );
    }
    if (target === 'self-hosted' || catalog.vendors.has(target)) continue;
    const hint = didYouMean(target, [...catalog.vendors.keys(), 'self-hosted']);
    throw new PiiflowUserError(
      `unknown vendor "${target}" for the endpoint ${key}`,
      file.positionOf(['endpoints', key], false),
      `${hint ? `did you mean "${hint}"? ` : ''}Name the vendor that runs it, or self-hosted${hint ? '' : ` (vendors: ${[...catalog.vendors.keys()].sort().join(', ')})`}`,
    );
  }
  (policy.overrides ?? []).forEach((override, index) => checkRules(override.global, override.vendors, ['overrides', index]));
  (policy.ignore ?? []).forEach((entry, index) => {
    if (entry.vendor !== undefined) checkVendor(entry.vendor, ['ignore', index, 'vendor'], false);
    checkCategory(entry.category, ['ignore', index, 'category'], true);
    if (entry.expires !== undefined && !isCalendarDate(entry.expires)) {
      throw new PiiflowUserError(`expires "${entry.expires}" is not a date`, file.positionOf(['ignore', index, 'expires']), 'write it as YYYY-MM-DD');
    }
  });
}

/** YYYY-MM-DD naming a day that exists: `Date.parse` takes 2027-02-31 for 3 March. */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The nearest piiflow.policy.yaml in `start` or a folder above it. */
export function findPolicyFile(start: string): string | undefined {
  let directory = resolve(start);
  try {
    if (!statSync(directory).isDirectory()) directory = dirname(directory);
  } catch {
    directory = dirname(directory);
  }
  for (;;) {
    const candidate = join(directory, POLICY_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** The policy file for files under `start`: an explicit file (relative to `cwd`), the nearest one above, or none. */
export function policyPathFor(start: string, explicit: string | undefined, cwd: string): string | undefined {
  return explicit ? resolve(cwd, explicit) : findPolicyFile(start);
}

/** Whether one personal-data item may go to one vendor, and why; and whether an ignore entry accepts it. */
export function decide(loaded: LoadedPolicy, subject: DecisionSubject, today: string = todayIso()): Decision {
  const { category } = subject;
  const judged = category === UNCLASSIFIED ? judgeUnclassified(loaded, subject) : judge(loaded, { ...subject, category });
  if (judged.verdict === 'allowed') return judged;
  const decision: Decision = isWarning(loaded, subject) ? { ...judged, severity: 'warning' } : judged;
  const ignores = loaded.policy.ignore ?? [];
  for (let index = 0; index < ignores.length; index++) {
    const entry = ignores[index]!;
    if (!ignoreMatches(entry, subject, loaded)) continue;
    if (entry.expires !== undefined && entry.expires <= today) continue; // expired: reported by policyProblems
    return { ...decision, suppressed: { reason: entry.reason, by: 'policy', ...(entry.expires ? { expires: entry.expires } : {}) }, ignoreIndex: index };
  }
  return decision;
}

/** Whether the rules that apply to the item make its violation a warning (`warn:` lists its category, or `severity: warning`). */
function isWarning(loaded: LoadedPolicy, subject: DecisionSubject): boolean {
  return rulesFor(loaded, subject).some(({ rule }) => rule.severity === 'warning' || (rule.warn ?? []).some((category) => category === subject.category));
}

/** The rules that apply to an item, most specific first: its vendor's, the global one, then matching overrides. */
function rulesFor(loaded: LoadedPolicy, subject: Pick<DecisionSubject, 'vendorId' | 'file'>): { rule: PolicyRule; where: string }[] {
  const { policy } = loaded;
  const { vendorId } = subject;
  const rules: { rule: PolicyRule; where: string }[] = [];
  const add = (rule: PolicyRule | undefined, where: string): void => {
    if (rule) rules.push({ rule, where });
  };
  add(policy.vendors?.[vendorId], `vendors.${vendorId}`);
  add(policy.global, 'global');
  (policy.overrides ?? []).forEach((override, index) => {
    if (!subject.file || !filesMatch(override.files, subject.file, loaded)) return;
    add(override.vendors?.[vendorId], `overrides[${index}].vendors.${vendorId}`);
    add(override.global, `overrides[${index}].global`);
  });
  return rules;
}

/** The setting for objects of unknown shape sent to the subject's vendor: the most specific rule that has one decides. */
export function unclassifiedSetting(loaded: LoadedPolicy, subject: Pick<DecisionSubject, 'vendorId' | 'file'>): { setting: UnclassifiedSetting; where: string } {
  // rulesFor lists a vendor's rule before global, and the base rules before overrides: overrides (files) are more specific.
  const rules = rulesFor(loaded, subject);
  const ordered = [...rules.filter(({ where }) => where.startsWith('overrides')), ...rules.filter(({ where }) => !where.startsWith('overrides'))];
  for (const { rule, where } of ordered) if (rule.unclassified) return { setting: rule.unclassified, where: `${where}.unclassified` };
  if (loaded.policy.unclassified) return { setting: loaded.policy.unclassified, where: 'unclassified' };
  return { setting: DEFAULT_UNCLASSIFIED, where: 'the default' };
}

function judgeUnclassified(loaded: LoadedPolicy, subject: DecisionSubject): Decision {
  const { setting, where } = unclassifiedSetting(loaded, subject);
  const what = subject.unknownShape ?? subject.field;
  const said = where === 'the default' ? `unclassified: ${setting} by default` : `${where}: ${setting}`;
  if (setting === 'allow') return { verdict: 'allowed', kind: 'allowed', reason: `objects of unknown shape are allowed for ${subject.vendorName} (${said})` };
  const reason = `the shape of ${what} is unknown: piiflow cannot tell which personal data it carries to ${subject.vendorName} (${said})`;
  return { verdict: 'violation', kind: 'unclassified', reason, ...(setting === 'warn' ? { severity: 'warning' as const } : {}) };
}

function judge(loaded: LoadedPolicy, subject: DecisionSubject & { category: Category }): Decision {
  const { policy } = loaded;
  const { vendorName, category, field, anonymizer } = subject;
  const rules = rulesFor(loaded, subject);
  for (const { rule, where } of rules) {
    for (const entry of rule.allow ?? []) {
      if (entry === category) return { verdict: 'allowed', kind: 'allowed', reason: `allowed by ${where}.allow` };
      if (typeof entry === 'object' && entry.field === field && (entry.category === undefined || entry.category === category)) {
        return { verdict: 'allowed', kind: 'allowed', reason: `allowed by ${where}.allow (field ${field})` };
      }
    }
  }
  for (const { rule, where } of rules) {
    const entries = (rule.anonymize ?? []).filter((entry) => (typeof entry === 'string' ? entry : entry.category) === category);
    if (entries.length === 0) continue;
    if (!anonymizer) return { verdict: 'violation', kind: 'anonymize-required', reason: `${where}.anonymize allows ${category} for ${vendorName} only anonymized (a keyed hash such as an HMAC)` };
    const acceptsPlain = entries.some((entry) => typeof entry === 'object' && entry.accept === 'plain-hash');
    if (anonymizer.strength === 'weak') {
      const plainToo = acceptsPlain ? ' (accept: plain-hash does not accept md5 or sha1)' : '';
      return { verdict: 'violation', kind: 'weak-anonymizer', reason: `${anonymizer.name} without a key is a weak hash that lookup tables reverse; ${where}.anonymize needs a keyed hash (an HMAC, or a salt from the environment)${plainToo}` };
    }
    if (anonymizer.strength === 'keyed') return { verdict: 'allowed', kind: 'allowed', reason: `allowed anonymized by ${where}.anonymize` };
    if (acceptsPlain) {
      return { verdict: 'allowed', kind: 'allowed', reason: `allowed pseudonymized by ${where}.anonymize (accept: plain-hash)` };
    }
    const what =
      anonymizer.strength === 'unknown'
        ? `only its name says ${field} is hashed, not with what key: it counts as a plain hash`
        : `${anonymizer.name}${anonymizer.note ? ` (${anonymizer.note})` : ''} without a secret key is a plain hash that anyone can reverse by hashing candidate values`;
    return { verdict: 'violation', kind: 'plain-hash', reason: `${what}; ${where}.anonymize needs a keyed hash for ${category} (an HMAC, or a salt from the environment), or accept: plain-hash` };
  }
  if (policy.default === 'allow') return { verdict: 'allowed', kind: 'allowed', reason: 'allowed by default: allow' };
  if (!loaded.path) return { verdict: 'violation', kind: 'not-allowed', reason: `no ${POLICY_FILE_NAME} allows ${category} for ${vendorName}` };
  return { verdict: 'violation', kind: 'not-allowed', reason: `the policy does not allow ${category} for ${vendorName}` };
}

function ignoreMatches(entry: IgnoreEntry, subject: DecisionSubject, loaded: LoadedPolicy): boolean {
  if (entry.vendor !== undefined && entry.vendor !== subject.vendorId) return false;
  if (entry.category !== undefined && entry.category !== subject.category) return false;
  if (entry.field !== undefined && entry.field !== subject.field) return false;
  if (entry.files !== undefined && (!subject.file || !filesMatch(entry.files, subject.file, loaded))) return false;
  return true;
}

const matchers = new WeakMap<readonly string[], GlobList>();

/** gitignore-style globs, relative to the policy file's folder. */
function filesMatch(patterns: readonly string[], file: string, loaded: LoadedPolicy): boolean {
  const base = loaded.path ? dirname(loaded.path) : process.cwd();
  const path = relative(base, file).split(sep).join('/');
  if (!isInside(base, file)) return false;
  let matcher = matchers.get(patterns);
  if (!matcher) {
    matcher = new GlobList(patterns);
    matchers.set(patterns, matcher);
  }
  return matcher.ignores(path);
}

/** Whether the policy's `exclude:` globs (relative to the policy file) name this file. */
export function policyExcludes(loaded: LoadedPolicy, file: string): boolean {
  return loaded.policy.exclude !== undefined && filesMatch(loaded.policy.exclude, file, loaded);
}

/** Ignore entries that are expired, or (after a scan of everything they could apply to) unused. */
export function policyProblems(loaded: LoadedPolicy, options: { reportUnused: boolean; used: ReadonlySet<number> }, today: string = todayIso()): { position: SourcePosition; message: string; kind: 'expired' | 'unused' }[] {
  const problems: { position: SourcePosition; message: string; kind: 'expired' | 'unused' }[] = [];
  (loaded.policy.ignore ?? []).forEach((entry, index) => {
    const position = loaded.ignorePositions?.[index] ?? { file: loaded.path ?? POLICY_FILE_NAME };
    if (entry.expires !== undefined && entry.expires <= today) {
      problems.push({ position, kind: 'expired', message: `ignore entry expired on ${entry.expires} (${entry.reason}): what it accepted is reported again; fix it, or extend the date with a reason` });
    } else if (options.reportUnused && !options.used.has(index)) {
      problems.push({ position, kind: 'unused', message: `ignore entry matches nothing (${entry.reason}): remove it` });
    }
  });
  return problems;
}

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
