import { UNCLASSIFIED, type DataItem, type Flow, type HashStrength, type ViolationKind } from './result';

export type { ViolationKind };

/** The kind of violation an item is: as judged (`violationKind`), or for an item judged without one, from its origin and anonymizer. */
export function violationKind(item: DataItem): ViolationKind {
  if (item.violationKind) return item.violationKind;
  if (item.origin === 'collected') return 'collected-by-sdk';
  if (item.anonymized && item.weakAnonymizer) return 'weak-anonymizer';
  return 'not-allowed';
}

/** A judged item's kind of violation: what the SDK collects on its own and weak hashes first, then the policy's rule. */
export function kindOfViolation(item: Pick<DataItem, 'origin' | 'anonymized' | 'weakAnonymizer'>, ruleKind: Exclude<ViolationKind, 'collected-by-sdk'>): ViolationKind {
  if (item.origin === 'collected') return 'collected-by-sdk';
  if (item.anonymized && item.weakAnonymizer) return 'weak-anonymizer';
  return ruleKind;
}

/** The first and last hop of the trace and how many lie between, when the value travelled. */
export function trail(item: DataItem, file: string): string {
  const { trace } = item;
  if (trace.length < 2) return '';
  const first = trace[0]!;
  const where = first.file === file ? `line ${first.line}` : `${first.file}:${first.line}`;
  return ` It comes from \`${first.expression}\` (${where}), ${trace.length - 1} hop${trace.length === 2 ? '' : 's'} away.`;
}

/** What to do about a violation; `noPolicy` when no policy file judged it (the first run). */
export function advice(item: DataItem, flow: Pick<Flow, 'vendor'>, noPolicy = false): string {
  // On a first run there is no policy to edit yet: say which command writes one.
  const where = noPolicy ? ': `npx piiflow init` writes a policy that allows what the code sends today' : ' in piiflow.policy.yaml';
  switch (violationKind(item)) {
    case 'unclassified':
      return `Send the fields ${flow.vendor} needs by name (or give the object a declared type), so that each is classified; or decide for objects of unknown shape with unclassified: allow, warn or deny under vendors.${flow.vendor} in piiflow.policy.yaml.`;
    case 'collected-by-sdk':
      return `Change the SDK's options, or allow ${item.category} for ${flow.vendor}${where}.`;
    case 'weak-anonymizer':
      return 'Use sha256 with a secret key (HMAC) instead.';
    case 'anonymize-required':
      return 'Hash it with a secret key before sending (e.g. an HMAC-SHA256 with a key from the environment).';
    case 'plain-hash':
      return `Hash it with a secret key (an HMAC-SHA256 with a key from the environment), or accept plain hashes of ${item.category} for ${flow.vendor}: write { category: ${item.category}, accept: plain-hash } under vendors.${flow.vendor}.anonymize${where}.`;
    default:
      // A hashed item: the policy can accept it hashed; a plain hash only where plain hashes are accepted.
      if (item.anonymized && strengthOf(item) === 'keyed') return `Remove it, or allow it hashed: add ${item.category} to vendors.${flow.vendor}.anonymize${where}.`;
      if (item.anonymized) return `Remove it, hash it with a secret key and add ${item.category} to vendors.${flow.vendor}.anonymize, or allow it pseudonymized: add { category: ${item.category}, accept: plain-hash } to vendors.${flow.vendor}.anonymize${where}.`;
      return `Remove it, anonymize it, or allow ${item.category} for ${flow.vendor}${where}.`;
  }
}

/** The first letter in upper case: a reason that starts a sentence. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * An item as a message names it: `$email (email)`, just `email` when the field is the category's
 * own name, and how it was anonymized: `email_hash (email, hashed with sha256)`.
 */
export function itemName(item: Pick<DataItem, 'field' | 'category' | 'anonymized' | 'anonymizer' | 'anonymizerStrength' | 'weakAnonymizer' | 'unknownShape'>): string {
  // `properties.* (fields of req.body, shape unknown)`
  if (item.category === UNCLASSIFIED) return `${item.field} (${item.unknownShape !== undefined && item.unknownShape !== item.field ? `fields of ${item.unknownShape}, ` : ''}shape unknown)`;
  const notes: string[] = [];
  if (item.field !== item.category) notes.push(item.category);
  if (item.anonymized) notes.push(anonymizedWith(item));
  return notes.length ? `${item.field} (${notes.join(', ')})` : item.field;
}

/** The strength of an item's anonymizer; a result written before strengths were reported says only weak or not. */
export function strengthOf(item: Pick<DataItem, 'anonymizerStrength' | 'weakAnonymizer'>): HashStrength {
  return item.anonymizerStrength ?? (item.weakAnonymizer ? 'weak' : 'plain');
}

/** `anonymized with a keyed hmac-sha256`, `pseudonymized with a plain sha256`, `hashed by name only`: how, in a message. */
function anonymizedWith(item: Pick<DataItem, 'anonymizer' | 'anonymizerStrength' | 'weakAnonymizer'>): string {
  const name = item.anonymizer ?? 'an anonymizer';
  const strength = strengthOf(item);
  if (strength === 'unknown') return 'hashed by name only';
  if (!/sha|md5|hmac|digest|hash|bcrypt|argon|subtle/i.test(name)) return `${strength === 'keyed' ? 'anonymized' : 'pseudonymized'} by ${name}`;
  return strength === 'keyed' ? `anonymized with a keyed ${name}` : `pseudonymized with a ${strength} ${name}`;
}

/**
 * What anonymization an item had, for reports: `anonymized (keyed hmac-sha256)`, `pseudonymized
 * (plain sha256: reversible by lookup)`, `pseudonymized (weak md5: reversible by lookup tables)`.
 */
export function anonymization(item: Pick<DataItem, 'anonymizer' | 'anonymizerStrength' | 'anonymizerNote' | 'weakAnonymizer'>): string {
  const name = item.anonymizer ?? 'an anonymizer';
  const note = item.anonymizerNote ? `, ${item.anonymizerNote}` : '';
  switch (strengthOf(item)) {
    case 'keyed':
      // A function the policy declares an anonymizer: the policy vouches for it, piiflow saw no key.
      return / \(declared in the policy\)$/.test(name) ? `anonymized (${name.replace(/ \((.+)\)$/, ', $1')})` : `anonymized (keyed ${name}${note})`;
    case 'weak':
      return `pseudonymized (weak ${name}${note}: reversible by lookup tables)`;
    case 'unknown':
      return `hashed by name only (${name.replace(/ \(by name\)$/, '')}: key unknown, counted as a plain hash)`;
    default:
      return `pseudonymized (plain ${name}${note}: reversible by lookup)`;
  }
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(words: readonly string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * The start of a message about what an SDK collects on its own: `Sentry collects ip_address on its
 * own under Sentry.init`, or `Intercom collects device_info on its own` when the call is the vendor's
 * own name (never "Intercom makes Intercom collect").
 */
export function collectsPhrase(categories: readonly string[], call: string, vendorName: string): string {
  const bare = call.replace(/^window\.|^globalThis\.|^self\./, '');
  const under = bare.toLowerCase() === vendorName.toLowerCase() ? '' : ` under ${call}`;
  return `${vendorName} collects ${listWords(categories)} on its own${under}`;
}

/** The one sentence every front-end and report uses for a violation: what, why, where from, what to do. */
export function violationMessage(item: DataItem, flow: Flow, vendorName: string, noPolicy = false): string {
  if (item.origin === 'collected') {
    return `${collectsPhrase([item.category], flow.sink.call, vendorName)}: ${item.field}. ${sentence(item.reason)}. ${advice(item, flow, noPolicy)}`;
  }
  return `${itemName(item)} is sent to ${vendorName} by ${flow.sink.call}: ${item.reason}.${trail(item, flow.sink.file)} ${advice(item, flow, noPolicy)}`;
}

/** The longest callee a short message shows as written; a longer one is cut with an ellipsis. */
const MAX_CALL_IN_MESSAGE = 40;

/** A short message lists at most this many categories; past it, the first four (in alphabetical order) and how many more. */
const MAX_CATEGORIES_IN_MESSAGE = 5;

/**
 * The one short message ESLint shows for an SDK call (one per call, never one per item stacked on
 * a line): the vendor, the categories with what sets each apart, the call, and the verdict. The
 * details (fields, where each comes from, the policy's reason) are in `piiflow explain` and the
 * scan's reports. `initHint`: no policy file exists, and this is the file's first such message.
 */
export function callMessage(items: readonly DataItem[], flow: Pick<Flow, 'vendor'> & { sink: Pick<Flow['sink'], 'call'> }, vendorName: string, options: { noPolicy: boolean; initHint: boolean }): string {
  const call = flow.sink.call.length > MAX_CALL_IN_MESSAGE ? `${flow.sink.call.slice(0, MAX_CALL_IN_MESSAGE - 1)}…` : flow.sink.call;
  const classified = items.filter((item) => item.category !== UNCLASSIFIED);
  const shapes = [...new Set(items.filter((item) => item.category === UNCLASSIFIED).map((item) => item.unknownShape ?? item.field))];
  const plainOnly = !options.noPolicy && classified.length > 0 && classified.every((item) => violationKind(item) === 'plain-hash');
  const verdict =
    classified.length === 0
      ? 'Send its fields by name, or decide in the policy: `unclassified:`.'
      : options.noPolicy
        ? `No policy allows it${options.initHint ? ': run `npx piiflow init`' : ''}.`
        : plainOnly
          ? 'Key the hash (an HMAC) or accept it in the policy: `accept: plain-hash`.'
          : 'The policy does not allow it: `piiflow explain` says why.';
  const unknown = shapes.length === 0 ? '' : `${classified.length ? ', plus ' : ''}fields of unknown shape (${unknownList(shapes)})`;
  return `${vendorName} receives ${classified.length ? categoryList(classified) : ''}${unknown} from ${call}. ${verdict}`;
}

/** The longest expression of unknown shape a short message shows as written. */
const MAX_SHAPE_IN_MESSAGE = 24;

/** `req.body`, `req.body and JSON.parse(raw)`, `req.body and 2 more`: the objects of unknown shape of a call, short. */
function unknownList(shapes: readonly string[]): string {
  const cut = (text: string): string => (text.length > MAX_SHAPE_IN_MESSAGE ? `${text.slice(0, MAX_SHAPE_IN_MESSAGE - 1)}…` : text);
  if (shapes.length > 2) return `${cut(shapes[0]!)} and ${shapes.length - 1} more`;
  return shapes.map(cut).join(' and ');
}

/**
 * Each category once, grouped by what sets it apart (`email and name, plus ip_address
 * (SDK-collected)`); a long list is cut: `device_info, email, ip_address, location and 4 more`.
 */
export function categoryList(items: readonly DataItem[]): string {
  const noteOf = new Map<string, string>();
  for (const item of items) if (!noteOf.get(item.category)) noteOf.set(item.category, categoryNote(item) ?? '');
  if (noteOf.size > MAX_CATEGORIES_IN_MESSAGE) {
    const shown = [...noteOf.keys()].sort().slice(0, MAX_CATEGORIES_IN_MESSAGE - 1);
    return `${shown.join(', ')} and ${noteOf.size - shown.length} more`;
  }
  const groups = new Map<string, string[]>();
  for (const [category, note] of noteOf) groups.set(note, [...(groups.get(note) ?? []), category]);
  return [...groups].map(([note, names]) => `${listWords(names)}${note ? ` (${note})` : ''}`).join(', plus ');
}

/** What sets an item apart in a short message: how it is anonymized, or that the SDK collects it. */
function categoryNote(item: DataItem): string | undefined {
  switch (violationKind(item)) {
    case 'collected-by-sdk':
      return 'SDK-collected';
    case 'weak-anonymizer':
      return 'weak hash';
    case 'plain-hash':
      return 'plain hash, reversible';
    case 'anonymize-required':
      return 'allowed only hashed';
    default:
      return item.anonymized ? 'hashed' : undefined;
  }
}
