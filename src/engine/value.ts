import type * as TS from 'typescript';
import type { Category } from '../model/categories';
import type { HashStrength } from '../model/result';
import type { EntryId, LoadedVendor } from '../catalog/catalog';
import type { ResolvedEndpoint } from './endpoints';
import type { HashFunction } from './library-models';

export type { HashStrength };

/** How a value was made unreadable before it left. */
export interface Anonymizer {
  /** e.g. `sha256`, `hmac-sha256`, `subtle.digest`, `hashedEmail (by name)`. */
  name: string;
  strength: HashStrength;
  /**
   * What decided the strength besides the algorithm: the secret mixed in (`salted with
   * process.env.HASH_SALT`), or why a key does not count (`salt SALT written in the code`).
   */
  note?: string;
}

/**
 * A value that holds a key or salt: read from the environment or from a name that says so
 * (`process.env.HASH_SALT`, `config.hashSalt`), written in the code as a literal (`const SALT =
 * 'x'`), or read from an environment variable that bundlers ship to the browser (`NEXT_PUBLIC_*`).
 */
export interface Secret {
  /** The expression as people recognise it: `process.env.HASH_SALT`, `SALT`, `config.pepper`. */
  expression: string;
  where: 'runtime' | 'code' | 'browser';
}

/** One personal-data category carried by a value, with the places it passed through. */
export interface Taint {
  category: Category;
  /** Source first; the last node is the latest place the value was seen. */
  trace: readonly TS.Node[];
  anonymizer?: Anonymizer;
  /**
   * What told us the category: a field or variable name, a known source expression, the SDK
   * argument's role, or the SDK's own collection under its configuration.
   */
  origin: 'name' | 'source' | 'role' | 'collected';
  /**
   * While a function's return summary is computed: this taint stands for what the parameter (at
   * this property path) carries, and is replaced by the caller's argument at each call.
   */
  param?: ParameterRef;
}

/** A value whose shape we do not know (a parameter, an import, a call result): reading a field classifies the field's name. */
export interface Opaque {
  name: string;
  /** Known to describe a person (its name or an enclosing name says user, customer, ...). */
  subject: boolean;
  trace: readonly TS.Node[];
  /** Fields removed by a rest pattern: `const { email, ...rest } = user`. */
  without?: ReadonlySet<string>;
  /** While a function's summary is computed: this value is (a field of) the function's parameter `index`. */
  param?: ParameterRef;
  /** Its declared type (`user: User`), whose fields say what it holds when it is sent whole. */
  type?: TS.TypeNode;
  /** Its type as the type checker computed it, when one is at hand and the declaration did not tell. */
  checked?: TS.Type;
  /**
   * Nobody can know its fields from the code: a request's body, a parsed JSON text, a value declared `any` or
   * `Record<string, unknown>`. The expression as written (`req.body`); sent whole or spread, it is unclassified.
   */
  unknownShape?: string;
}

/** A parameter of the function being summarized, and the property path read from it. */
export interface ParameterRef {
  index: number;
  path: readonly string[];
  /** The return summary this parameter belongs to (absent for the sink summaries of analyze.ts). */
  owner?: ReturnSummary;
}

/** A function's return value computed once, its parameters standing in for the arguments of each call. */
export interface ReturnSummary {
  fn: TS.Node;
  value: Value;
  /**
   * Set when the function uses a parameter in a way a stand-in cannot follow (calls it, iterates
   * it, takes the rest of it): its calls are then evaluated with their arguments, as before.
   */
  imprecise: boolean;
  done: boolean;
}

/** A reference into a vendor's SDK: the SDK object itself (path "") or a member of it. */
export interface SdkRef {
  vendor: LoadedVendor;
  entry: EntryId;
  path: string;
  /**
   * The server an OpenAI-compatible client was built with (`new OpenAI({ baseURL })`), kept on every
   * member and factory result of the client. `vendor` is already the target when the catalog named one.
   */
  endpoint?: SdkEndpoint;
}

/** An endpoint on an SDK reference: where it comes from, who runs it if known, and the SDK's own vendor id. */
export interface SdkEndpoint extends ResolvedEndpoint {
  sdk: string;
}

/** A key that tells apart two references to the same vendor through different endpoints. */
export function endpointKey(endpoint: SdkEndpoint | undefined): string {
  if (!endpoint) return '';
  const source = endpoint.source;
  return `${endpoint.sdk}|${'host' in source ? `h:${source.host}` : 'env' in source ? `e:${source.env}` : `x:${source.expression}`}|${endpoint.target ?? ''}`;
}

export interface PropertyValue {
  value: Value;
  /** The property assignment (or assignment expression) that set it. */
  node: TS.Node;
}

/** node:crypto's createHash/createHmac chain, while it is being fed. */
export interface Hasher {
  algorithm: string;
  keyed: boolean;
  input: Value;
  /** createHmac's key. */
  key?: Value;
}

/** Functions and modules the engine knows by behaviour rather than by data. */
export type Builtin =
  | { kind: 'node-crypto' }
  | { kind: 'web-crypto' }
  | { kind: 'json' }
  | { kind: 'json-stringify' }
  | { kind: 'json-parse' }
  | { kind: 'subtle' }
  | { kind: 'create-hash'; keyed: boolean }
  | { kind: 'hash-function'; fn: HashFunction }
  | { kind: 'hash-module'; functions: Readonly<Record<string, HashFunction>> }
  /** `process.env` or `import.meta.env`: deployment configuration, whose keys and salts make hashes keyed. */
  | { kind: 'env'; prefix: string }
  | { kind: 'global-object' }
  /** A module of the app itself (resolved from an import); its members are its exports. */
  | { kind: 'app-module'; path: string }
  /** An instance of a class of the app (`this` in its methods, or `new Service()`): its fields and methods. */
  | { kind: 'class-instance'; declaration: TS.ClassLikeDeclaration };

/** What the engine knows about an expression's value. Every field is optional; {} knows nothing. */
export interface Value {
  taints?: readonly Taint[];
  props?: ReadonlyMap<string, PropertyValue>;
  opaque?: readonly Opaque[];
  sdks?: readonly SdkRef[];
  functions?: readonly TS.Node[];
  hasher?: Hasher;
  builtins?: readonly Builtin[];
  /** A literal, or a value made of literals only: carries no personal data. */
  constant?: boolean;
  /** Keys and salts it holds (what makes a hash of it keyed, or not). */
  secrets?: readonly Secret[];
}

export const NOTHING: Value = Object.freeze({});
export const CONSTANT: Value = Object.freeze({ constant: true });

const MAX_TRACE = 24;
const MAX_DEPTH = 5;

export function join(values: readonly Value[]): Value {
  const present = values.filter((value) => value !== NOTHING);
  if (present.length === 0) return NOTHING;
  if (present.length === 1) return present[0]!;
  const result: {
    taints: Taint[];
    props: Map<string, PropertyValue>;
    opaque: Opaque[];
    sdks: SdkRef[];
    functions: TS.Node[];
    builtins: Builtin[];
    secrets: Secret[];
    hasher?: Hasher;
  } = { taints: [], props: new Map(), opaque: [], sdks: [], functions: [], builtins: [], secrets: [] };
  let constant = true;
  for (const value of present) {
    if (!value.constant) constant = false;
    if (value.taints) result.taints.push(...value.taints);
    if (value.opaque) result.opaque.push(...value.opaque);
    if (value.sdks) result.sdks.push(...value.sdks);
    if (value.functions) result.functions.push(...value.functions);
    if (value.builtins) result.builtins.push(...value.builtins);
    if (value.secrets) result.secrets.push(...value.secrets);
    if (value.hasher) result.hasher = value.hasher;
    for (const [key, property] of value.props ?? []) {
      const existing = result.props.get(key);
      result.props.set(key, existing ? { value: join([existing.value, property.value]), node: existing.node } : property);
    }
  }
  return compact({ ...result, constant });
}

/** Drops empty fields so `{}` stays the only "nothing known". */
export function compact(value: {
  taints?: readonly Taint[];
  props?: ReadonlyMap<string, PropertyValue>;
  opaque?: readonly Opaque[];
  sdks?: readonly SdkRef[];
  functions?: readonly TS.Node[];
  builtins?: readonly Builtin[];
  hasher?: Hasher;
  constant?: boolean;
  secrets?: readonly Secret[];
}): Value {
  const out: { -readonly [K in keyof Value]: Value[K] } = {};
  if (value.taints?.length) out.taints = dedupeTaints(value.taints);
  if (value.props?.size) out.props = value.props;
  if (value.opaque?.length) out.opaque = value.opaque.slice(0, 8);
  if (value.sdks?.length) out.sdks = dedupeSdks(value.sdks);
  if (value.functions?.length) out.functions = [...new Set(value.functions)];
  if (value.builtins?.length) out.builtins = value.builtins;
  if (value.hasher) out.hasher = value.hasher;
  if (value.constant) out.constant = true;
  if (value.secrets?.length) out.secrets = dedupeSecrets(value.secrets);
  return Object.keys(out).length === 0 ? NOTHING : out;
}

/** The same value, seen again at `node`: every trace inside it gets one more hop. */
export function seenAt(value: Value, node: TS.Node, depth = 0): Value {
  if (value === NOTHING || value === CONSTANT) return value;
  if (!value.taints && !value.opaque && !value.props) return value;
  const out: { -readonly [K in keyof Value]: Value[K] } = { ...value };
  if (value.taints) out.taints = dedupeTaints(value.taints).map((taint) => ({ ...taint, trace: extend(taint.trace, node) }));
  if (value.opaque) out.opaque = value.opaque.map((opaque) => ({ ...opaque, trace: extend(opaque.trace, node) }));
  if (value.props && depth < MAX_DEPTH) {
    // Only the properties that carry something get a new hop; an object of literals is shared as it is.
    let props: Map<string, PropertyValue> | undefined;
    for (const [key, property] of value.props) {
      const seen = seenAt(property.value, node, depth + 1);
      if (seen === property.value && !props) continue;
      if (!props) {
        props = new Map();
        for (const [earlier, kept] of value.props) {
          if (earlier === key) break;
          props.set(earlier, kept);
        }
      }
      props.set(key, seen === property.value ? property : { value: seen, node: property.node });
    }
    if (props) out.props = props;
    else if (!value.taints && !value.opaque) return value;
  }
  return out;
}

export function extend(trace: readonly TS.Node[], node: TS.Node): readonly TS.Node[] {
  const last = trace[trace.length - 1];
  if (last === node) return trace;
  // `user` then `user.email`: the wider expression says all the narrower one did.
  if (last && last.pos >= node.pos && last.end <= node.end) return extend(trace.slice(0, -1), node);
  if (trace.length < MAX_TRACE) return [...trace, node];
  // Keep the source and the latest hops; the middle of a very long chain says little.
  return [trace[0]!, ...trace.slice(trace.length - MAX_TRACE + 2), node];
}

/** Every taint inside a value, as if it were turned into one string. */
export function flatten(value: Value, depth = 0): Taint[] {
  const taints = [...(value.taints ?? [])];
  if (value.hasher) taints.push(...flatten(value.hasher.input, depth + 1));
  if (value.props && depth < MAX_DEPTH) for (const property of value.props.values()) taints.push(...flatten(property.value, depth + 1));
  return taints;
}

/** Every key or salt inside a value, as if it were turned into one string. */
export function secretsOf(value: Value, depth = 0): Secret[] {
  const secrets = [...(value.secrets ?? [])];
  if (value.hasher) secrets.push(...secretsOf(value.hasher.input, depth + 1));
  if (value.props && depth < MAX_DEPTH) for (const property of value.props.values()) secrets.push(...secretsOf(property.value, depth + 1));
  return secrets;
}

export function anonymize(value: Value, anonymizer: Anonymizer): Value {
  const taints = flatten(value).map((taint) => ({ ...taint, anonymizer: taint.anonymizer ?? anonymizer }));
  return compact({ taints });
}

/**
 * The anonymizer of a hash of `input` by `algorithm` (`sha256`, `md5`, `subtle.digest`): keyed when
 * the input mixes in a secret the code does not contain, plain (weak for md5/sha1) otherwise, with
 * a note on a salt that does not count (written in the code, shipped to the browser).
 */
export function hashOf(algorithm: string, input: Value, weak: boolean): Anonymizer {
  const secrets = secretsOf(input);
  const runtime = secrets.find((secret) => secret.where === 'runtime');
  if (runtime) return { name: algorithm, strength: 'keyed', note: `salted with ${runtime.expression}` };
  const other = secrets[0];
  return { name: algorithm, strength: weak ? 'weak' : 'plain', ...(other ? { note: `salt ${other.expression} ${other.where === 'code' ? 'written in the code' : 'shipped to the browser'}` } : {}) };
}

/**
 * The anonymizer of an HMAC (or a signature) by `algorithm` with `key`: keyed unless the key is
 * written in the code or shipped to the browser; then it is as strong as a plain hash.
 */
export function hmacOf(algorithm: string, key: Value, weak: boolean): Anonymizer {
  const secrets = secretsOf(key);
  const runtime = secrets.find((secret) => secret.where === 'runtime');
  if (runtime) return { name: algorithm, strength: 'keyed', note: `key ${runtime.expression}` };
  if (!key.constant && secrets.length === 0) return { name: algorithm, strength: 'keyed' };
  const other = secrets[0];
  const where = other?.where === 'browser' ? 'shipped to the browser' : 'written in the code';
  return { name: algorithm, strength: weak ? 'weak' : 'plain', note: `key ${other ? `${other.expression} ` : ''}${where}` };
}

function dedupeSecrets(secrets: readonly Secret[]): readonly Secret[] {
  if (secrets.length < 2) return secrets;
  const seen = new Set<string>();
  return secrets.filter((secret) => {
    const key = `${secret.where}|${secret.expression}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).slice(0, 8);
}

/** Past this many distinct sources, a value keeps one source per category: "one of these categories". */
const MAX_SOURCES = 32;

/**
 * One taint per category, anonymization and source; past MAX_SOURCES sources, one per category
 * and anonymization (the first source found stands for the others). The size of a value is then
 * bounded by the number of categories, however many paths joined into it.
 */
function dedupeTaints(taints: readonly Taint[]): readonly Taint[] {
  if (taints.length < 2) return taints;
  const seen = new Set<string>();
  const out: Taint[] = [];
  for (const taint of taints) {
    const key = `${taint.category}|${taint.anonymizer?.name ?? ''}${taint.anonymizer?.strength ?? ''}|${taint.trace[0]?.pos ?? -1}${taint.param ? `|${taint.param.index}.${taint.param.path.join('.')}` : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(taint);
  }
  if (out.length <= MAX_SOURCES) return out;
  const byCategory = new Map<string, Taint>();
  const params: Taint[] = [];
  for (const taint of out) {
    // A parameter's stand-in is never merged away: its caller's data replaces it.
    if (taint.param) {
      params.push(taint);
      continue;
    }
    const key = `${taint.category}|${taint.anonymizer?.name ?? ''}${taint.anonymizer?.strength ?? ''}`;
    if (!byCategory.has(key)) byCategory.set(key, taint);
  }
  return [...byCategory.values(), ...params];
}

function dedupeSdks(sdks: readonly SdkRef[]): SdkRef[] {
  const seen = new Set<string>();
  return sdks.filter((sdk) => {
    const key = `${sdk.vendor.id}|${sdk.entry}|${sdk.path}|${endpointKey(sdk.endpoint)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
