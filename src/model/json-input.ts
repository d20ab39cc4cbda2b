import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { PiiflowUserError } from './errors';
import { READ_LIMITS, readRegularText } from './read-file';

/**
 * Every JSON file piiflow reads back (a `--format json` scan given to `merge` or `diff`, a
 * baseline, the scan cache) is checked against a schema of what piiflow relies on before it is
 * used: a damaged or hand-edited file is a user error naming the file and the JSON path
 * (`flows[1].data[0]`), never a stack trace from deep in a renderer. Unknown keys are allowed
 * (a newer piiflow may add fields); a wrong type, a missing key or an unknown `kind` is not.
 */

type Schema = Record<string, unknown>;

const string: Schema = { type: 'string' };
const count: Schema = { type: 'integer', minimum: 0 };
const position: Schema = { type: 'integer', minimum: 0 };
const strings: Schema = { type: 'array', items: string };
const object = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({ type: 'object', properties, required });
const list = (items: Schema): Schema => ({ type: 'array', items });
const oneOf = (...values: string[]): Schema => ({ type: 'string', enum: values });

const span = { line: position, column: position, endLine: position, endColumn: position };
const traceStep = object({ file: string, line: position, column: position, expression: string });
const sink = object(
  {
    file: string,
    ...span,
    call: string,
    method: string,
    through: string,
    via: object({ file: string, line: position, column: position, call: string }),
  },
  ['file', 'line', 'column', 'call', 'method'],
);
const problem = object({ file: string, line: position, column: position, message: string }, ['file', 'message']);
const change = oneOf('new-vendor', 'new-category', 'now-in-clear');
const dataItem = object(
  {
    category: string,
    field: string,
    anonymized: { type: 'boolean' },
    anonymizer: string,
    weakAnonymizer: { type: 'boolean' },
    role: string,
    origin: string,
    verdict: oneOf('allowed', 'violation'),
    reason: string,
    suppressed: object({ reason: string, by: oneOf('policy', 'comment'), expires: string }, ['reason', 'by']),
    baselined: { type: 'boolean' },
    change,
    fingerprint: string,
    at: object(span),
    trace: list(traceStep),
  },
  ['category', 'field', 'anonymized', 'verdict', 'reason', 'fingerprint', 'at', 'trace'],
);
const endpointFields = { sdk: string, host: string, env: string, expression: string };
const endpoint = object({ ...endpointFields, resolvedBy: oneOf('catalog', 'policy', 'unknown') }, ['sdk', 'resolvedBy']);
const selfHosted = object(
  { ...endpointFields, sdkName: string, resolvedBy: oneOf('catalog', 'policy', 'unknown'), calls: list(object({ file: string, line: position, column: position, call: string, method: string, categories: strings })) },
  ['sdk', 'sdkName', 'resolvedBy', 'calls'],
);
const vendorSummary = object(
  { vendor: string, name: string, calls: count, categories: strings, violations: count, purpose: string, legalBasis: string, retention: string, region: string },
  ['vendor', 'name', 'calls', 'categories', 'violations'],
);

const SCAN_RESULT: Schema = object(
  {
    version: { const: 1 },
    tool: object({ name: { const: 'piiflow' }, version: string }),
    policy: { type: ['string', 'null'] },
    policies: strings,
    flows: list(object({ vendor: string, sink, endpoint, data: list(dataItem), verdict: oneOf('allowed', 'violation') }, ['vendor', 'sink', 'data', 'verdict'])),
    skipped: list(object({ file: string, reason: string, line: position, column: position }, ['file', 'reason'])),
    problems: list(problem),
    selfHosted: list(selfHosted),
    summary: object(
      { filesScanned: count, filesSkipped: count, flows: count, dataItems: count, violations: count, suppressed: count, baselined: count, fixedSinceBaseline: count, vendors: list(vendorSummary) },
      ['filesScanned', 'filesSkipped', 'flows', 'dataItems', 'violations', 'suppressed', 'vendors'],
    ),
    shard: object({ index: { type: 'integer', minimum: 1 }, count: { type: 'integer', minimum: 1 }, unusedIgnores: list(problem) }),
    since: object({ ref: string, changes: list(object({ vendor: string, category: string, change, at: strings })) }),
    unresolvedImports: list(object({ file: string, line: position, column: position, specifier: string, reason: string })),
  },
  ['version', 'tool', 'policy', 'flows', 'skipped', 'problems', 'summary'],
);

const BASELINE: Schema = object({
  version: { const: 1 },
  tool: { const: 'piiflow' },
  violations: list(object({ fingerprint: string, vendor: string, file: string, call: string, field: string, category: string, count: { type: 'integer', minimum: 1 } })),
});

const foundItem = object(
  {
    category: string,
    field: string,
    anonymizer: object({ name: string, strength: oneOf('keyed', 'plain', 'weak', 'unknown'), note: string }, ['name', 'strength']),
    role: string,
    origin: string,
    at: object(span),
    trace: list(traceStep),
    removal: object({ start: position, end: position }),
  },
  ['category', 'field', 'role', 'origin', 'at', 'trace'],
);
const unresolved = list(object({ line: position, column: position, specifier: string, reason: string }));
const cachedOutcome: Schema = {
  type: 'object',
  required: ['kind'],
  properties: { kind: oneOf('not-source', 'syntax-error', 'quiet', 'found') },
  oneOf: [
    object({ kind: { const: 'not-source' }, reason: string }),
    object({ kind: { const: 'syntax-error' }, message: string, line: position, column: position }),
    object({ kind: { const: 'quiet' }, unresolved }, ['kind']),
    object({
      kind: { const: 'found' },
      unresolved,
      found: object({
        calls: list(
          object(
            { vendor: string, vendorName: string, sink: object({ ...(sink['properties'] as Record<string, Schema>) }, ['file', 'line', 'column', 'endLine', 'endColumn', 'call', 'method', 'through']), endpoint: object({ ...endpointFields, target: string }, ['sdk']), items: list(foundItem) },
            ['vendor', 'vendorName', 'sink', 'items'],
          ),
        ),
        suppressions: list(object({ line: position, column: position, reason: string })),
      }),
    }, ['kind', 'found']),
  ],
};

const SCAN_CACHE: Schema = object({
  format: { const: 'piiflow-scan-cache' },
  version: { const: 1 },
  key: string,
  savedAt: { type: 'number', minimum: 0 },
  resolution: object({ environment: string, consulted: strings, outside: strings }),
  resolutions: list({ type: 'array', minItems: 2, maxItems: 2, items: [string, { type: ['string', 'null'] }] }),
  files: {
    type: 'object',
    additionalProperties: object(
      { size: count, mtimeMs: { type: 'number' }, hash: string, imports: strings, key: string, outcome: cachedOutcome },
      ['size', 'mtimeMs', 'hash', 'imports'],
    ),
  },
});

const SCHEMAS = { 'scan result': SCAN_RESULT, baseline: BASELINE, 'scan cache': SCAN_CACHE } as const;
export type JsonInputKind = keyof typeof SCHEMAS;

let ajv: Ajv | undefined;
const validators = new Map<JsonInputKind, ValidateFunction>();

function validatorOf(kind: JsonInputKind): ValidateFunction {
  let validator = validators.get(kind);
  if (!validator) {
    ajv ??= new Ajv({ allErrors: false, strict: true, strictTuples: false, strictRequired: false, allowUnionTypes: true });
    validator = ajv.compile(SCHEMAS[kind]);
    validators.set(kind, validator);
  }
  return validator;
}

/** Why `data` is not a valid `kind`, as `json.path: what is wrong`, or undefined when it is valid. */
export function jsonProblem(kind: JsonInputKind, data: unknown): string | undefined {
  const validator = validatorOf(kind);
  if (validator(data)) return undefined;
  const error = mostUseful(validator.errors ?? []);
  return `${jsonPath(error.instancePath) || '(the top level)'}: ${describe(error)}`;
}

/** `data` as a T, or a user error naming the file and the JSON path of the first problem. */
export function checkJson<T>(kind: JsonInputKind, data: unknown, file: string, hint: string): T {
  const problem = jsonProblem(kind, data);
  if (problem) throw new PiiflowUserError(`not a valid ${kind}: ${problem}`, { file }, hint);
  return data as T;
}

/** Parses JSON text and checks it; a syntax error is reported with its line and column. */
export function parseJsonInput<T>(kind: JsonInputKind, text: string, file: string, hint: string): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : undefined;
    const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
    const column = offset === undefined ? undefined : offset - text.lastIndexOf('\n', offset - 1);
    throw new PiiflowUserError(`not a ${kind} (invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')})`, { file, ...(line ? { line, column } : {}) }, hint);
  }
  return checkJson<T>(kind, data, file, hint);
}

/** Reads (a regular file, within the size limit), parses and checks a JSON input. */
export function readJsonInput<T>(kind: JsonInputKind, path: string, display: string, hint: string): T {
  const text = readRegularText(path, { maxBytes: kind === 'scan cache' ? READ_LIMITS.cache : READ_LIMITS.json, display, what: kind });
  return parseJsonInput<T>(kind, text, display, hint);
}

/** `/flows/1/data/0` as `flows[1].data[0]`. */
export function jsonPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, step) => (/^\d+$/.test(step) ? `${path}[${step}]` : /^[A-Za-z_$][\w$]*$/.test(step) ? `${path}${path ? '.' : ''}${step}` : `${path}[${JSON.stringify(step)}]`), '');
}

function mostUseful(errors: readonly ErrorObject[]): ErrorObject {
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length);
  return deepest.find((error) => error.keyword !== 'oneOf' && error.keyword !== 'anyOf') ?? deepest[0]!;
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return `missing required key "${String(error.params['missingProperty'])}"`;
    case 'enum':
      return `must be one of ${(error.params['allowedValues'] as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(error.params['allowedValue'])}`;
    default:
      return error.message ?? error.keyword;
  }
}
