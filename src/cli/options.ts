import { parseArgs } from 'node:util';
import { PiiflowUserError, didYouMean } from '../model/errors';
import { FORMATS, isFormat, type Format } from '../report/index';

/** Every option of every command, with the words its usage prints. A command names the ones it reads. */
export const OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true, arg: '<format>', describe: `${FORMATS.join(', ')}; several in one run: -f sarif -o piiflow.sarif -f markdown -o summary.md (or -f sarif,markdown -o a,b)` },
  output: { type: 'string', short: 'o', multiple: true, arg: '<file>', describe: 'write to a file instead of stdout (one per format when there are several)' },
  policy: { type: 'string', short: 'p', arg: '<file>', describe: 'policy file (default: the nearest piiflow.policy.yaml in or above each file)' },
  'max-file-size': { type: 'string', arg: '<kb>', describe: 'skip files larger than this many KiB (default: 2048)' },
  'max-file-time': { type: 'string', arg: '<s>', describe: 'stop the analysis of a file after this many seconds and report it as not analysed (default: 10)' },
  rules: { type: 'string', arg: '<dir>', describe: 'a catalog folder (vendors/, data-types/) to use instead of the bundled one' },
  types: { type: 'boolean', describe: 'ask the TypeScript type checker for the fields of objects sent whole whose declared types piiflow cannot read by itself (generated ORM types); slower' },
  baseline: { type: 'string', arg: '<file>', describe: 'fail only on violations the baseline (from piiflow baseline) does not list' },
  since: { type: 'string', arg: '<git-ref>', describe: 'report only what changed against the ref: a new vendor, a new category for a vendor, or data it received anonymized now sent in clear' },
  exclude: { type: 'string', multiple: true, arg: '<glob>', describe: "files not to report on, gitignore-style, relative to the working folder (repeatable: --exclude 'src/generated/**' --exclude '*.stories.tsx'); the policy's exclude: adds to them" },
  force: { type: 'boolean', describe: 'replace an existing policy' },
  'follow-symlinks': { type: 'boolean', describe: 'read symbolic links to files inside the scanned folder (never to folders, never outside)' },
  cache: { type: 'boolean', describe: 'keep what each file sends between scans and reuse it while the file and everything it imports are unchanged (verdicts are always recomputed); stored in .piiflowcache' },
  'cache-location': { type: 'string', arg: '<file>', describe: 'where the cache lives (implies --cache; default: .piiflowcache in the working folder)' },
  shard: { type: 'string', arg: '<i>/<n>', describe: 'scan part i of n (a stable split by path; imports are still followed into every file), for a CI matrix; combine the JSON parts with piiflow merge' },
  verbose: { type: 'boolean', describe: 'list what the summary only counts: the imports of app code that could not be resolved (file:line:col, specifier, why)' },
  'no-color': { type: 'boolean', describe: 'plain text even on a terminal (NO_COLOR is honoured too)' },
} as const;

export type OptionName = keyof typeof OPTIONS;

export type OptionValues = { [Name in OptionName]?: (typeof OPTIONS)[Name] extends { type: 'boolean' } ? boolean : (typeof OPTIONS)[Name] extends { multiple: true } ? string[] : string } & { help?: boolean };

/** The usage lines of a command's options, aligned. */
export function optionsHelp(names: readonly OptionName[]): string {
  const rows = names.map((name) => {
    const option: { short?: string; arg?: string; describe: string } = OPTIONS[name];
    return { left: `${option.short ? `-${option.short}, ` : '    '}--${name}${option.arg ? ` ${option.arg}` : ''}`, describe: option.describe };
  });
  const width = Math.max(...rows.map((row) => row.left.length), 0) + 2;
  return rows.map((row) => `  ${row.left.padEnd(width)}${row.describe}`).join('\n');
}

/**
 * A command's arguments: only its own options are accepted (an option of another command is
 * refused with that command's list, an unknown one with a "did you mean"). `--help`/`-h` is
 * always accepted, and the caller prints the usage before doing anything else.
 */
export function parseOptions(argv: readonly string[], command: string, accepted: readonly OptionName[]): { values: OptionValues; positionals: string[] } {
  const options = Object.fromEntries([...accepted.map((name) => [name, OPTIONS[name]] as const), ['help', { type: 'boolean', short: 'h' }] as const].map(([name, option]) => [name, { type: option.type, ...('short' in option ? { short: option.short } : {}), ...('multiple' in option ? { multiple: option.multiple } : {}) }]));
  try {
    const parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
    return { values: parsed.values as OptionValues, positionals: parsed.positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(message);
    const name = unknown?.[2];
    if (unknown && name !== undefined) {
      if (name in OPTIONS) throw new PiiflowUserError(`--${name} does not apply to piiflow ${command}`, undefined, `its options: ${accepted.map((option) => `--${option}`).join(', ')}; see piiflow ${command} --help`);
      const hint = didYouMean(name, [...accepted, 'help']);
      throw new PiiflowUserError(`unknown option ${unknown[1]}${name} for piiflow ${command}`, undefined, hint ? `did you mean --${hint}? See piiflow ${command} --help` : `see piiflow ${command} --help`);
    }
    throw new PiiflowUserError(message, undefined, `see piiflow ${command} --help`);
  }
}

/** `-f a -f b` and `-f a,b` alike. */
export function listOption(value: string | readonly string[] | undefined, fallback: string[]): string[] {
  const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  const list = values.flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter(Boolean);
  return list.length ? list : fallback;
}

export function checkedFormats(value: readonly string[] | undefined): Format[] {
  const formats = listOption(value, ['text']);
  for (const format of formats) {
    if (isFormat(format)) continue;
    const hint = didYouMean(format, FORMATS);
    throw new PiiflowUserError(`unknown format "${format}"`, undefined, `formats: ${FORMATS.join(', ')}${hint ? `; did you mean "${hint}"?` : ''}`);
  }
  return formats as Format[];
}

export function checkOutputs(formats: readonly Format[], outputs: readonly string[]): void {
  if (formats.length > 1 && outputs.length !== formats.length) {
    throw new PiiflowUserError(`${formats.length} formats need ${formats.length} --output files, one each (${outputs.length} given)`, undefined, 'for example: -f sarif -o piiflow.sarif -f markdown -o summary.md');
  }
  if (formats.length === 1 && outputs.length > 1) throw new PiiflowUserError('one format, several --output files', undefined, 'give one --output per --format');
}

/** `--shard 2/5`: part 2 of 5. */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count || count > 10_000) {
    throw new PiiflowUserError(`--shard takes <i>/<n> with 1 <= i <= n, not "${value}"`, undefined, 'for example --shard 1/4 ... --shard 4/4');
  }
  return { index, count };
}
