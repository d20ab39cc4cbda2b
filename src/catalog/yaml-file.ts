import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import { PiiflowUserError, describeIoError, didYouMean, type SourcePosition } from '../model/errors';
import { READ_LIMITS, readRegularText } from '../model/read-file';


/** A parsed YAML file that can still say where each value came from. */
export class YamlFile {
  private constructor(
    readonly path: string,
    readonly data: unknown,
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /**
   * Parses with the YAML 1.2 core schema: no custom tags, no code execution, aliases capped so a
   * "billion laughs" file cannot blow up memory.
   */
  static read(path: string, displayPath = path, limits: { maxBytes?: number; what?: string } = {}): YamlFile {
    const what = limits.what ?? 'file';
    const maxBytes = limits.maxBytes ?? READ_LIMITS.catalog;
    const text = readRegularText(path, { maxBytes, display: displayPath, what, tooLargeHint: `piiflow reads ${what} files up to ${maxBytes / 1024 / 1024} MiB; split it, or use globs and categories instead of one entry per file` });
    return YamlFile.parse(text, displayPath);
  }

  static parse(text: string, displayPath: string): YamlFile {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, schema: 'core', uniqueKeys: true });
    const [first] = document.errors;
    if (first) {
      const position = lines.linePos(first.pos[0]);
      throw new PiiflowUserError(`invalid YAML: ${first.message.split('\n')[0]}`, {
        file: displayPath,
        line: position.line,
        column: position.col,
      });
    }
    // Keys are names in every piiflow format: `0.0` (an array element path) must not become the number 0.
    visit(document, {
      Pair(_, pair) {
        if (isScalar(pair.key) && typeof pair.key.value === 'number' && pair.key.source !== undefined) pair.key.value = pair.key.source;
      },
    });
    let data: unknown;
    try {
      data = document.toJS({ maxAliasCount: 100 }) as unknown;
    } catch (error) {
      // The yaml library refuses aliases that expand exponentially ("billion laughs"); nothing else throws here.
      let alias: [number, number, number] | undefined;
      visit(document, {
        Alias(_, node) {
          alias ??= node.range ?? undefined;
        },
      });
      const position = lines.linePos(alias?.[0] ?? 0);
      throw new PiiflowUserError(`invalid YAML: ${(error as Error).message.split('\n')[0]}`, { file: displayPath, line: position.line, column: position.col }, 'aliases (*name) may repeat a value, not expand it a thousandfold: write the values out');
    }
    return new YamlFile(displayPath, data, document, lines);
  }

  /** Where the value at a path (keys and indexes from the document root) starts. */
  positionOf(path: readonly (string | number)[], preferKey = false): SourcePosition {
    let node: unknown = this.document.contents;
    let range: [number, number, number] | undefined = (node as YamlNode | null)?.range ?? undefined;
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value ?? item.key) === String(step));
        if (!pair) break;
        const keyRange = (pair.key as YamlNode | null)?.range;
        const valueRange = (pair.value as YamlNode | null)?.range;
        range = (preferKey && step === path[path.length - 1] ? keyRange : valueRange ?? keyRange) ?? range;
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        const item = node.items[step] as YamlNode | undefined;
        if (!item) break;
        range = item.range ?? range;
        node = item;
      } else {
        break;
      }
    }
    const offset = range?.[0] ?? 0;
    const position = this.lines.linePos(offset);
    return { file: this.path, line: position.line, column: position.col };
  }

  /** Throws a positioned error for the first schema violation, or returns the data as T. */
  validate<T>(validator: ValidateFunction, what: string): T {
    if (validator(this.data)) return this.data as T;
    const errors = validator.errors ?? [];
    const error = pickMostUseful(errors);
    const path = instancePathSteps(error);
    const onKey = error.keyword === 'additionalProperties' || error.keyword === 'propertyNames';
    throw new PiiflowUserError(`invalid ${what}: ${describeSchemaError(error)}`, this.positionOf(path, onKey), hintFor(error, errors));
  }
}

let ajvInstance: Ajv | undefined;

/** One Ajv for every schema; `allErrors` off so the first error is the one we report. */
export function compileSchema(schema: object): ValidateFunction {
  ajvInstance ??= new Ajv({ allErrors: false, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
  return ajvInstance.compile(schema);
}

function instancePathSteps(error: ErrorObject): (string | number)[] {
  const steps: (string | number)[] = error.instancePath
    .split('/')
    .slice(1)
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((step) => (/^\d+$/.test(step) ? Number(step) : step));
  if (error.keyword === 'additionalProperties') steps.push(String(error.params['additionalProperty']));
  if (error.keyword === 'propertyNames') steps.push(String(error.params['propertyName']));
  return steps;
}

/** "did you mean" for a value or key outside a fixed list. */
function hintFor(error: ErrorObject, all: readonly ErrorObject[]): string | undefined {
  if (error.keyword === 'additionalProperties') {
    // An unknown key: the closest of the keys this place accepts (`vendor:` for `vendors:`, `alow:` for `allow:`).
    const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
    const suggestion = didYouMean(String(error.params['additionalProperty']), known);
    return suggestion ? `did you mean "${suggestion}"?` : known.length ? `keys here: ${known.join(', ')}` : undefined;
  }
  const allowed = (error.keyword === 'enum' ? error : all.find((candidate) => candidate.keyword === 'enum'))?.params['allowedValues'] as unknown[] | undefined;
  const given = error.keyword === 'propertyNames' ? String(error.params['propertyName']) : typeof error.data === 'string' ? error.data : undefined;
  if (!allowed || given === undefined) return undefined;
  // `plain` for `plain-hash`: too far for an edit distance, but the start of the one value meant.
  const suggestion = didYouMean(given, allowed.map(String)) ?? (given.length >= 3 ? allowed.map(String).find((value) => value.startsWith(given.toLowerCase())) : undefined);
  return suggestion ? `did you mean "${suggestion}"?` : undefined;
}

/** `oneOf` and `enum` failures are reported by Ajv after the deeper error that explains them; a key outside a list is best said as such. */
function pickMostUseful(errors: ErrorObject[]): ErrorObject {
  const key = errors.find((error) => error.keyword === 'propertyNames');
  if (key) return key;
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length);
  return deepest.find((error) => error.keyword !== 'oneOf' && error.keyword !== 'anyOf' && error.keyword !== 'if') ?? deepest[0]!;
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath ? `${error.instancePath.slice(1).replace(/\//g, '.')}: ` : '';
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where}unknown key "${String(error.params['additionalProperty'])}"`;
    case 'enum':
      return `${where}must be one of ${(error.params['allowedValues'] as unknown[]).map(String).join(', ')}`;
    case 'required':
      return `${where || ''}missing required key "${String(error.params['missingProperty'])}"`;
    case 'propertyNames':
      return `${where}key "${String(error.params['propertyName'])}" is not allowed here`;
    case 'const':
      return `${where}must be ${JSON.stringify(error.params['allowedValue'])}`;
    case 'type':
      return `${where}must be ${describeTypes(String(error.params['type']))}, not ${describeValue(error.data)}`;
    case 'minItems':
      return `${where}must list at least ${String(error.params['limit'])} item${error.params['limit'] === 1 ? '' : 's'}`;
    case 'minLength':
      return error.params['limit'] === 1 ? `${where}must not be empty` : `${where}must be at least ${String(error.params['limit'])} characters long`;
    case 'pattern': {
      // The schema's description says the expected form in words; the pattern only when there is none.
      const described = (error.parentSchema as { description?: string } | undefined)?.description;
      return `${where}${describeValue(error.data)} is not in the expected form: ${described ?? String(error.params['pattern'])}`;
    }
    case 'format':
      return `${where}must be a ${String(error.params['format'])}`;
    default:
      return `${where}${error.message ?? error.keyword}`;
  }
}

/** JSON Schema types in the words of YAML: `array` is a list, `object` a mapping. */
function describeTypes(types: string): string {
  const words: Record<string, string> = { array: 'a list', object: 'a mapping (key: value)', string: 'a text', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'empty' };
  return types.split(',').map((type) => words[type] ?? type).join(' or ');
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 39)}…` : value}"`;
  return String(value);
}
