import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CATEGORIES, isCategory, type Category } from './categories';
import { bundledSchema, type Catalog } from './catalog';
import { PiiflowUserError, didYouMean } from './errors';
import { YamlFile, compileSchema } from './yaml-file';
import type { Anonymizer } from './value';

export const POLICY_FILE_NAME = 'piiflow.policy.yaml';

export interface PolicyRule {
  allow?: Category[];
  anonymize?: Category[];
  purpose?: string;
  legalBasis?: string;
  retention?: string;
  region?: string;
}

/** One of the app's functions that the policy declares an anonymizer. */
export interface DeclaredAnonymizer {
  function: string;
  from?: string;
  weak?: boolean;
}

export interface Policy {
  version: 1;
  default?: 'deny' | 'allow';
  anonymizers?: DeclaredAnonymizer[];
  global?: PolicyRule;
  vendors?: Record<string, PolicyRule>;
}

/** A policy and where it came from (`undefined` when no file was found: then nothing personal may leave). */
export interface LoadedPolicy {
  policy: Policy;
  /** Absolute path of the file, if any. */
  path?: string;
}

export interface Decision {
  verdict: 'allowed' | 'violation';
  /** A sentence for people: why this item is allowed or not. */
  reason: string;
}

export const NO_POLICY: LoadedPolicy = Object.freeze({ policy: { version: 1 as const, default: 'deny' as const } });

let validatePolicy: ReturnType<typeof compileSchema> | undefined;
const policyCache = new Map<string, { mtimeMs: number; size: number; loaded: LoadedPolicy }>();

/**
 * Reads and validates a policy file. Schema errors, unknown vendors and unknown categories are
 * reported at their line and column, with a "did you mean" where a close name exists.
 * Re-reading an unchanged file (the editor lints file after file) is free.
 */
export function loadPolicy(path: string, catalog: Catalog, displayPath = path): LoadedPolicy {
  const absolute = resolve(path);
  let stat;
  try {
    stat = statSync(absolute);
  } catch {
    throw new PiiflowUserError('policy file not found', { file: displayPath }, `create it with the keys described in the README, or drop --policy to use ${POLICY_FILE_NAME} from the scanned folder`);
  }
  const cached = policyCache.get(absolute);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.loaded;

  const file = YamlFile.read(absolute, displayPath);
  if (file.data === null || file.data === undefined) {
    throw new PiiflowUserError('the policy file is empty', { file: displayPath, line: 1, column: 1 }, 'start with `version: 1`');
  }
  validatePolicy ??= compileSchema(bundledSchema('policy'));
  const policy = file.validate<Policy>(validatePolicy, 'policy');
  checkVocabulary(policy, file, catalog);
  const loaded: LoadedPolicy = { policy, path: absolute };
  policyCache.set(absolute, { mtimeMs: stat.mtimeMs, size: stat.size, loaded });
  return loaded;
}

function checkVocabulary(policy: Policy, file: YamlFile, catalog: Catalog): void {
  const checkRule = (rule: PolicyRule | undefined, path: (string | number)[]): void => {
    for (const key of ['allow', 'anonymize'] as const) {
      (rule?.[key] ?? []).forEach((category, index) => {
        if (isCategory(category)) return;
        const hint = didYouMean(category, CATEGORIES);
        throw new PiiflowUserError(
          `unknown category "${category}" in ${[...path, key].join('.')}`,
          file.positionOf([...path, key, index]),
          hint ? `did you mean "${hint}"? Categories: ${CATEGORIES.join(', ')}` : `categories: ${CATEGORIES.join(', ')}`,
        );
      });
    }
  };
  checkRule(policy.global, ['global']);
  for (const [vendorId, rule] of Object.entries(policy.vendors ?? {})) {
    if (!catalog.vendors.has(vendorId)) {
      const hint = didYouMean(vendorId, catalog.vendors.keys());
      throw new PiiflowUserError(
        `unknown vendor "${vendorId}"`,
        file.positionOf(['vendors', vendorId], true),
        hint ? `did you mean "${hint}"?` : `known vendors: ${[...catalog.vendors.keys()].sort().join(', ')}`,
      );
    }
    checkRule(rule, ['vendors', vendorId]);
  }
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

/** The policy for files under `start`: an explicit file, the nearest one above, or none. */
export function resolvePolicy(catalog: Catalog, start: string, explicit?: string, cwd = process.cwd()): LoadedPolicy {
  const path = explicit ? resolve(cwd, explicit) : findPolicyFile(start);
  if (!path) return NO_POLICY;
  return loadPolicy(path, catalog, relative(cwd, path) || path);
}

/** Whether one personal-data item may go to one vendor, and why. */
export function decide(loaded: LoadedPolicy, vendorId: string, vendorName: string, category: Category, anonymizer: Anonymizer | undefined): Decision {
  const { policy } = loaded;
  const vendorRule = policy.vendors?.[vendorId];
  const where = (scope: 'vendor' | 'global', key: string): string => (scope === 'vendor' ? `vendors.${vendorId}.${key}` : `global.${key}`);
  for (const [scope, rule] of [
    ['vendor', vendorRule],
    ['global', policy.global],
  ] as const) {
    if (rule?.allow?.includes(category)) return { verdict: 'allowed', reason: `allowed by ${where(scope, 'allow')}` };
  }
  for (const [scope, rule] of [
    ['vendor', vendorRule],
    ['global', policy.global],
  ] as const) {
    if (!rule?.anonymize?.includes(category)) continue;
    if (!anonymizer) {
      return { verdict: 'violation', reason: `${where(scope, 'anonymize')} allows ${category} for ${vendorName} only hashed or pseudonymized` };
    }
    if (anonymizer.weak) {
      return { verdict: 'violation', reason: `${anonymizer.name} without a key is a weak hash that lookup tables reverse; ${where(scope, 'anonymize')} needs sha256 or stronger, or an HMAC` };
    }
    return { verdict: 'allowed', reason: `allowed anonymized by ${where(scope, 'anonymize')}` };
  }
  if (policy.default === 'allow') return { verdict: 'allowed', reason: 'allowed by default: allow' };
  if (!loaded.path) return { verdict: 'violation', reason: `no ${POLICY_FILE_NAME} allows ${category} for ${vendorName}` };
  return { verdict: 'violation', reason: `the policy does not allow ${category} for ${vendorName}` };
}
