import type { Category } from './categories';

/**
 * Not a category of personal data: an object whose fields nobody can know from the code (a request's body,
 * a parsed JSON text, a record typed `any` or `Record<string, unknown>`) sent whole or spread. What it holds
 * is unknown; the policy's `unclassified:` says whether it may leave (deny, warn, allow).
 */
export const UNCLASSIFIED = 'unclassified';

/** What a data item is: a category of personal data, or an object of unknown shape. */
export type ItemCategory = Category | typeof UNCLASSIFIED;
import type { ArgumentRole } from './roles';

/**
 * The public result shapes. `ScanResult` serialized is the `--format json` contract
 * (docs: README, "JSON output"); add fields, never rename or remove them without a new `version`.
 */

/** The kind of problem a violation is, for rule ids (SARIF) and wording. */
export type ViolationKind = 'not-allowed' | 'anonymize-required' | 'plain-hash' | 'weak-anonymizer' | 'collected-by-sdk' | 'unclassified';

/**
 * How hard a hash is to reverse for whoever receives it. `keyed`: an HMAC, or a hash that mixes in a
 * secret the code does not contain (a salt from the environment): anonymized for whoever lacks the key.
 * `plain`: anyone can hash candidate values and compare: pseudonymized, not anonymized. `weak`: md5 or
 * sha1 without a key. `unknown`: only a name says the value is hashed (`hashedEmail`); counted as plain.
 */
export type HashStrength = 'keyed' | 'plain' | 'weak' | 'unknown';

export interface TraceStep {
  file: string;
  line: number;
  column: number;
  /** The expression as written, on one line, with literal e-mail addresses, phone numbers and tokens redacted. */
  expression: string;
}

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface DataItem {
  category: ItemCategory;
  /** The key path inside the argument; for an object of unknown shape spread into it, `*` (`properties.*`). */
  field: string;
  /** With category `unclassified`: the expression whose fields are sent, as written (`req.body`, `JSON.parse(raw)`). */
  unknownShape?: string;
  anonymized: boolean;
  /** How it was anonymized (`sha256`, `hmac-sha256`, `hashedEmail (by name)`), when it was. */
  anonymizer?: string;
  /** The anonymizer is md5/sha1 without a key: reversible for e-mail addresses. */
  weakAnonymizer?: boolean;
  /** With `anonymized`: how hard it is to reverse (see HashStrength). */
  anonymizerStrength?: HashStrength;
  /** What decided the strength besides the algorithm: `salted with process.env.HASH_SALT`, `key KEY written in the code`. */
  anonymizerNote?: string;
  role: ArgumentRole;
  /**
   * What told piiflow the category: a field or variable name, a known source (document.referrer),
   * the SDK argument's role, what the SDK collects on its own under the configuration at this call, or (for
   * `unclassified`) an object whose shape is unknown.
   */
  origin: 'name' | 'source' | 'role' | 'collected' | 'shape';
  verdict: 'allowed' | 'violation';
  /** With verdict `violation`: which rule it breaks (SARIF rule ids and advice derive from it). */
  violationKind?: ViolationKind;
  /** `warning`: a violation the policy declares a warning (`warn:`, `severity: warning`); it is reported and does not fail. */
  severity?: 'warning';
  reason: string;
  /**
   * A violation accepted on purpose: by an `ignore` entry of the policy, or a
   * `// piiflow-ignore-next-line <reason>` comment. Suppressed items do not fail a scan.
   */
  suppressed?: { reason: string; by: 'policy' | 'comment'; expires?: string };
  /** A violation the baseline given with --baseline accepts: it does not fail the scan. */
  baselined?: boolean;
  /** What changed against the --since ref: a vendor or category it did not send before, or data no longer anonymized. */
  change?: 'new-vendor' | 'new-category' | 'now-in-clear';
  /** Stable across line moves and reformatting: vendor, file, call as written, method, field, category, anonymization. */
  fingerprint: string;
  /** Where the item enters the SDK call. */
  at: Span;
  trace: TraceStep[];
}

/**
 * Where an OpenAI-compatible client sends its requests, as the code says it: `new OpenAI({ baseURL })`,
 * LangChain's `configuration.baseURL`. One of `host`, `env` and `expression` is set.
 */
export interface Endpoint {
  /** The SDK the client belongs to (the vendor id of its package): `openai`. */
  sdk: string;
  /** The server's host, lower case, without credentials, port or path. */
  host?: string;
  /** The environment variable that holds the server's URL. */
  env?: string;
  /** The option as written when it is neither (a parameter, a property, a call), redacted and cut. */
  expression?: string;
  /**
   * Who named the recipient: `catalog` (piiflow's table of hosts and environment names, and the rule for
   * loopback, private-network and `.internal` hosts), `policy` (its `endpoints:`), or `unknown`: nobody did,
   * and the flow is judged as the SDK's own vendor.
   */
  resolvedBy: 'catalog' | 'policy' | 'unknown';
}

/** A call of a client whose server the team runs itself: no third party receives what it sends. */
export interface SelfHostedCall {
  file: string;
  line: number;
  column: number;
  /** The callee as written. */
  call: string;
  method: string;
  /** The categories of personal data the call sends to the server, for the record of processing. */
  categories: ItemCategory[];
}

/** A self-hosted endpoint and the calls that use it (`selfHosted` in the JSON output). */
export interface SelfHostedEndpoint extends Endpoint {
  /** The SDK's name (`OpenAI`), for reports. */
  sdkName: string;
  calls: SelfHostedCall[];
}

export interface Flow {
  vendor: string;
  sink: Span & {
    file: string;
    /** The callee as written (`mixpanel.people.set`). */
    call: string;
    /** The SDK method from the catalog (`people.set`; `(call)` when the SDK is called directly). */
    method: string;
    /** The package the SDK was imported from, or `global:<name>`. */
    through: string;
    /**
     * When the call is of the app's own function that passes the data on: the SDK call it reaches
     * (possibly in another file). `line`/`column` above are then the call of the app's function.
     */
    via?: { file: string; line: number; column: number; call: string };
  };
  /**
   * The server the SDK's client was built with, when the code names one: the vendor above is the one it
   * names, or, with `resolvedBy: 'unknown'`, the SDK's own vendor (the host is unknown).
   */
  endpoint?: Endpoint;
  data: DataItem[];
  verdict: 'allowed' | 'violation';
}

export interface SkippedFile {
  file: string;
  reason: string;
  line?: number;
  column?: number;
}

export interface VendorSummary {
  vendor: string;
  name: string;
  calls: number;
  categories: ItemCategory[];
  violations: number;
  /** The policy's descriptive fields for the vendor (purpose, legal basis, retention, region), when it has them. */
  purpose?: string;
  legalBasis?: string;
  retention?: string;
  region?: string;
}

/** Something wrong with how the code or the policy uses piiflow: unused or expired ignores, suppressions without reasons. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /**
   * `error`: the problem fails the check as a violation does, in the scan and in ESLint alike (a
   * suppression comment without a reason). Absent: a note.
   */
  severity?: 'error';
}

/** An import of the app's own code that leads to no file piiflow can read: what flows through it is not followed. */
export interface UnresolvedImport {
  file: string;
  line: number;
  column: number;
  /** The specifier as written (`@/shared/types`, `./user`). */
  specifier: string;
  /** Why it leads nowhere: `no such file`, `the alias @/* leads to no file`, `outside the repository: not read` ... */
  reason: string;
}

export interface ScanSummary {
  filesScanned: number;
  filesSkipped: number;
  flows: number;
  dataItems: number;
  /** Violations that are not suppressed (nor baselined): these fail the scan. */
  violations: number;
  suppressed: number;
  /** Violations the policy declares warnings (not suppressed): reported, not failing; present when there are any. */
  warnings?: number;
  /** With --baseline: violations the baseline accepts, and baseline entries no longer found (fixed). */
  baselined?: number;
  fixedSinceBaseline?: number;
  vendors: VendorSummary[];
}

export interface ScanResult {
  version: 1;
  tool: { name: 'piiflow'; version: string };
  /** The policy file for the scanned root (relative to it), or null when none was found. */
  policy: string | null;
  /** Every policy file that judged some file (each file answers to the nearest one above it), relative to the root. */
  policies: string[];
  flows: Flow[];
  skipped: SkippedFile[];
  problems: Problem[];
  /** Clients of OpenAI-compatible SDKs pointed at a server the team runs (present when there are any): no third-party flow. */
  selfHosted?: SelfHostedEndpoint[];
  summary: ScanSummary;
  /**
   * Imports of the app's own code (relative paths, tsconfig `paths` and bundler aliases, `@/` and
   * `~/` specifiers) that lead to no file: data that flows through them is not followed. Present
   * when there are any. Packages are never listed.
   */
  unresolvedImports?: UnresolvedImport[];
  /**
   * With --shard: which part of the files this scan covered, and the policy's ignore entries it did
   * not use (`piiflow merge` reports those that no shard used).
   */
  shard?: { index: number; count: number; unusedIgnores: Problem[] };
  /** With --since: the ref compared against, and what this tree starts sending. */
  since?: { ref: string; changes: { vendor: string; category: string; change: 'new-vendor' | 'new-category' | 'now-in-clear'; at: string[] }[] };
}

/** What `piiflow explain <file>:<line>` concluded about one line (`--format json` of explain). */
export interface Explanation {
  /** The flows of the calls on the line (starting, ending or spanning it, or receiving data there), as in the JSON output. */
  flows: Flow[];
  /** For each call on the line that is not an SDK call piiflow reports: why. */
  notSinks: { call: string; reason: string }[];
}
