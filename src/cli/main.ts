import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_FILE_MS,
  POLICY_FILE_NAME,
  PiiflowUserError,
  TOOL_VERSION,
  applyBaseline,
  baselineOf,
  didYouMean,
  explain,
  findPolicyFile,
  initialPolicy,
  keepChanges,
  mergeShards,
  pathInTree,
  readBaseline,
  scan,
  scanAtRef,
  type CacheStats,
  type ScanOptions,
  type ScanResult,
} from '../session/index';

/** Where --cache keeps its file, relative to the working folder (like ESLint's .eslintcache). */
const DEFAULT_CACHE_FILE = '.piiflowcache';
import { diffScans, parseScan, renderDiff } from '../report/diff';
import { renderHtml } from '../report/html';
import { renderInventoryCsv, renderInventoryJson } from '../report/inventory';
import { renderJson } from '../report/json';
import { renderMarkdown } from '../report/markdown';
import { renderSarif } from '../report/sarif';
import { renderText } from '../report/text';

/** Exit codes: a public contract (README, "Exit codes"). */
export const EXIT = { ok: 0, violations: 1, usage: 2, internal: 3 } as const;

const FORMATS = ['text', 'json', 'sarif', 'markdown', 'html', 'inventory-csv', 'inventory-json'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `piiflow ${TOOL_VERSION}: find personal data sent to third-party SDKs

Usage:
  piiflow scan [paths...] [options]   scan files and folders (default: .)
  piiflow explain <file>:<line>       what reaches the SDK calls on a line, hop by hop, and why other calls there are not SDK calls
  piiflow init [folder] [--force]     write a starting piiflow.policy.yaml that allows what the code sends today
  piiflow baseline [paths...] [-o f]  record today's violations (default: piiflow.baseline.json in the scanned folder)
  piiflow diff <old.json> <new.json>  what changed between two JSON scans [--format text|markdown]
  piiflow merge <shard.json>...       one report from the JSON results of scan --shard 1/n ... n/n
                                      [-f format] [-o file] [--baseline file]
  piiflow --version | --help

Options for scan:
  -f, --format <format>      text (default), json, sarif, markdown, html, inventory-csv, inventory-json; several in one
                             run: -f sarif -o piiflow.sarif -f markdown -o summary.md (or -f sarif,markdown -o a,b)
  -o, --output <file>        write the report to a file instead of stdout (one per format when there are several)
  -p, --policy <file>        policy file (default: nearest piiflow.policy.yaml in or above the scanned folder)
      --max-file-size <kb>   skip files larger than this many KiB (default: ${DEFAULT_MAX_FILE_BYTES / 1024})
      --max-file-time <s>    skip a file whose analysis takes longer than this many seconds (default: ${DEFAULT_MAX_FILE_MS / 1000})
      --rules <dir>          a catalog folder (vendors/, data-types/) to use instead of the bundled one
      --types                ask the TypeScript type checker for the fields of objects sent whole whose declared
                             types piiflow cannot read by itself (generated ORM types); slower
      --baseline <file>      fail only on violations the baseline (from piiflow baseline) does not list
      --since <git-ref>      report only what changed against the ref: a new vendor, a new category for a vendor,
                             or data it received anonymized now sent in clear
      --cache                keep what each file sends between scans and reuse it while the file and everything it
                             imports are unchanged (verdicts are always recomputed); stored in .piiflowcache
      --cache-location <f>   where the cache lives (implies --cache; default: .piiflowcache in the working folder)
      --shard <i>/<n>        scan part i of n (a stable split by path; imports are still followed into every file),
                             for a CI matrix; write JSON and combine the parts with piiflow merge
      --follow-symlinks      read symbolic links to files inside the scanned folder (never to folders, never outside)
      --no-color             plain text even on a terminal (NO_COLOR is honoured too)

Exit codes: 0 no violations, 1 violations found, 2 usage or configuration error, 3 internal error.
`;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  /** Progress goes to stderr only on a terminal, and never in CI. */
  stderrIsTty?: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Runs the CLI and returns its exit code; never calls process.exit, so tests can drive it. */
export function run(argv: readonly string[], io: Io): number {
  try {
    return dispatch(argv, io);
  } catch (error) {
    if (error instanceof PiiflowUserError) {
      io.stderr(`piiflow: ${error.format()}\n`);
      return EXIT.usage;
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`piiflow: internal error, please report it with the input that caused it:\n${stack}\n`);
    return EXIT.internal;
  }
}

function dispatch(argv: readonly string[], io: Io): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  if (command === 'explain') return explainCommand(rest, io);
  if (command === 'init') return initCommand(rest, io);
  if (command === 'baseline') return baselineCommand(rest, io);
  if (command === 'diff') return diffCommand(rest, io);
  if (command === 'merge') return mergeCommand(rest, io);
  if (command !== 'scan') {
    const hint = didYouMean(command, ['scan', 'explain', 'init', 'baseline', 'diff', 'merge']);
    throw new PiiflowUserError(`unknown command "${command}"`, undefined, hint ? `did you mean "piiflow ${hint}"? See piiflow --help.` : 'see piiflow --help');
  }
  return scanCommand(rest, io);
}

function scanCommand(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseOptions(argv, 'scan');
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const formats = checkedFormats(values.format);
  const outputs = listOption(values.output, []);
  checkOutputs(formats, outputs);
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  if (values['max-file-size'] !== undefined) {
    const kib = Number(values['max-file-size']);
    if (!Number.isFinite(kib) || kib <= 0) throw new PiiflowUserError(`--max-file-size takes a positive number of KiB, not "${values['max-file-size']}"`);
    maxFileBytes = Math.round(kib * 1024);
  }

  let maxFileMs = DEFAULT_MAX_FILE_MS;
  if (values['max-file-time'] !== undefined) {
    const seconds = Number(values['max-file-time']);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new PiiflowUserError(`--max-file-time takes a positive number of seconds, not "${values['max-file-time']}"`);
    maxFileMs = Math.round(seconds * 1000);
  }
  const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  if (shard && values.baseline) throw new PiiflowUserError('--baseline applies to the whole tree, not to one shard', undefined, 'give it to piiflow merge --baseline <file> instead');
  if (shard && values.since) throw new PiiflowUserError('--since cannot be combined with --shard', undefined, 'compare against a ref in one scan of the whole tree');
  const options: ScanOptions = {
    paths: positionals,
    cwd: io.cwd,
    maxFileBytes,
    ...(shard ? { shard } : {}),
    maxFileMs,
    ...(values.types ? { types: true } : {}),
    ...(values['follow-symlinks'] ? { followSymlinks: true } : {}),
    ...(values.policy ? { policy: values.policy } : {}),
    ...(values.rules ? { rulesDir: resolve(io.cwd, values.rules) } : {}),
  };
  const progress = showsProgress(io) ? progressLine(io) : undefined;
  const cache = values.cache || values['cache-location'] !== undefined ? resolve(io.cwd, values['cache-location'] ?? DEFAULT_CACHE_FILE) : undefined;
  if (cache && /\.(?:[cm]?[jt]sx?)$/.test(cache)) throw new PiiflowUserError('refusing to use a JavaScript or TypeScript file as the cache', { file: values['cache-location']! });
  const result = scan({
    ...options,
    ...(progress ? { onDiscovered: progress.discovered, onFile: progress.file } : {}),
    ...(cache ? { cache, onCache: (stats: CacheStats) => io.stderr(cacheLine(stats, io.cwd)) } : {}),
  });
  progress?.done();
  if (values.since) {
    const ref = values.since;
    // The old tree is judged by today's policy, so that only code changes count.
    const policy = values.policy ? resolve(io.cwd, values.policy) : findPolicyFile(resolve(io.cwd, positionals.length === 1 ? positionals[0]! : '.'));
    // git runs where the scanned code is, which may be another repository than the working directory.
    const scanned = resolve(io.cwd, positionals[0] ?? '.');
    const gitDirectory = existsSync(scanned) && statSync(scanned).isDirectory() ? scanned : dirname(scanned);
    const old = scanAtRef(ref, gitDirectory, (tree, top) =>
      scan({ ...options, paths: (positionals.length ? positionals : ['.']).map((path) => pathInTree(resolve(io.cwd, path), top, tree)), cwd: tree, ...(policy ? { policy } : {}) }),
    );
    result.since = { ref, changes: keepChanges(result, old) };
  }
  return report(result, formats, outputs, values, positionals.join(' ') || '.', scannedRoot(positionals, io.cwd), io);
}

/** Applies --baseline, writes every format asked for, and returns the exit code. */
function report(result: ScanResult, formats: readonly Format[], outputs: readonly string[], values: ReturnType<typeof parseOptions>['values'], target: string, root: string, io: Io): number {
  if (values.baseline) applyBaseline(result, readBaseline(resolve(io.cwd, values.baseline), values.baseline));
  formats.forEach((format, index) => {
    const output = outputs[index];
    const color = format === 'text' && io.isTty && !output && !values['no-color'] && !io.env['NO_COLOR'];
    const text = render(format, result, { color, target, root });
    if (output) writeReport(output, text, io);
    else io.stdout(text);
  });
  if (formats.some((format) => format !== 'text') || outputs.length) {
    for (const skipped of result.skipped) io.stderr(`piiflow: not analysed: ${skipped.file}${skipped.line ? `:${skipped.line}:${skipped.column}` : ''}: ${skipped.reason}\n`);
  }
  return result.summary.violations > 0 ? EXIT.violations : EXIT.ok;
}

function checkedFormats(value: string | string[] | undefined): Format[] {
  const formats = listOption(value, ['text']) as Format[];
  for (const format of formats) {
    if (FORMATS.includes(format)) continue;
    const hint = didYouMean(format, FORMATS);
    throw new PiiflowUserError(`unknown format "${format}"`, undefined, `formats: ${FORMATS.join(', ')}${hint ? `; did you mean "${hint}"?` : ''}`);
  }
  return formats;
}

function checkOutputs(formats: readonly Format[], outputs: readonly string[]): void {
  if (formats.length > 1 && outputs.length !== formats.length) {
    throw new PiiflowUserError(`${formats.length} formats need ${formats.length} --output files, one each (${outputs.length} given)`, undefined, 'for example: -f sarif -o piiflow.sarif -f markdown -o summary.md');
  }
  if (formats.length === 1 && outputs.length > 1) throw new PiiflowUserError('one format, several --output files', undefined, 'give one --output per --format');
}

/** The folder report paths are relative to: the one folder scanned, else the working directory. */
function scannedRoot(positionals: readonly string[], cwd: string): string {
  const only = positionals.length === 1 ? resolve(cwd, positionals[0]!) : undefined;
  return only && existsSync(only) && statSync(only).isDirectory() ? only : cwd;
}

/** Lines around a reported line, read only from inside the scanned folder. */
function excerptReader(root: string): (file: string, line: number) => { start: number; lines: string[] } | undefined {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    const path = resolve(root, file);
    if (relative(root, path).startsWith('..')) return undefined;
    let lines = cache.get(path);
    if (lines === undefined) {
      try {
        lines = readFileSync(path, 'utf8').split(/\r?\n/);
      } catch {
        lines = null;
      }
      cache.set(path, lines);
    }
    if (!lines) return undefined;
    const start = Math.max(1, line - 2);
    return { start, lines: lines.slice(start - 1, line + 2).map((text) => (text.length > 200 ? `${text.slice(0, 199)}…` : text)) };
  };
}

function render(format: Format, result: ScanResult, text: { color: boolean; target: string; root: string }): string {
  switch (format) {
    case 'html':
      return renderHtml(result, { target: text.target, excerpt: excerptReader(text.root) });
    case 'json':
      return renderJson(result);
    case 'sarif':
      return renderSarif(result);
    case 'markdown':
      return renderMarkdown(result);
    case 'inventory-csv':
      return renderInventoryCsv(result);
    case 'inventory-json':
      return renderInventoryJson(result);
    default:
      return renderText(result, text);
  }
}

/** `-f a -f b` and `-f a,b` alike. */
function listOption(value: string | string[] | undefined, fallback: string[]): string[] {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const list = values.flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter(Boolean);
  return list.length ? list : fallback;
}

function showsProgress(io: Io): boolean {
  return Boolean(io.stderrIsTty) && !io.env['CI'] && !io.env['NO_PROGRESS'];
}

/** `piiflow: 1200/4000 files` on one line of stderr, redrawn at most ten times a second, erased at the end. */
function progressLine(io: Io): { discovered: (files: readonly string[]) => void; file: (done: number, total: number) => void; done: () => void } {
  let last = 0;
  let shown = false;
  return {
    discovered: (files) => {
      io.stderr(`\rpiiflow: reading ${files.length} files…`);
      shown = true;
    },
    file: (done, total) => {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      io.stderr(`\rpiiflow: analysing ${done}/${total} files\u001b[K`);
      shown = true;
    },
    done: () => {
      if (shown) io.stderr('\r\u001b[K');
    },
  };
}

/** What the cache did, for stderr: `piiflow: cache .piiflowcache: 6620 files reused, 4 analysed`. */
function cacheLine(stats: CacheStats, cwd: string): string {
  const where = relative(cwd, stats.location) || stats.location;
  const line = `piiflow: cache ${where}: ${stats.reused} file${stats.reused === 1 ? '' : 's'} reused, ${stats.analysed} analysed${stats.reset ? ` (started afresh: ${stats.reset})` : ''}\n`;
  return stats.notWritten ? `${line}piiflow: warning: the cache could not be written (${stats.notWritten}); the next scan will analyse again what changed since the last one written\n` : line;
}

/** `--shard 2/5`: part 2 of 5. */
function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count || count > 10_000) {
    throw new PiiflowUserError(`--shard takes <i>/<n> with 1 <= i <= n, not "${value}"`, undefined, 'for example --shard 1/4 ... --shard 4/4');
  }
  return { index, count };
}

function mergeCommand(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseOptions(argv, 'merge');
  if (positionals.length === 0) throw new PiiflowUserError('merge takes the JSON results of every shard', undefined, 'piiflow merge shard-1.json shard-2.json ... [-f format] [-o file]');
  const formats = checkedFormats(values.format);
  const outputs = listOption(values.output, []);
  checkOutputs(formats, outputs);
  const shards = positionals.map((file) => ({ result: readScan(file, io), file }));
  return report(mergeShards(shards), formats, outputs, values, '.', io.cwd, io);
}

/** A JSON scan written by piiflow scan --format json. */
function readScan(file: string, io: Io): ScanResult {
  try {
    return parseScan(readFileSync(resolve(io.cwd, file), 'utf8'), file);
  } catch (error) {
    if (error instanceof PiiflowUserError) throw error;
    throw new PiiflowUserError(`cannot read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message}`, { file });
  }
}

function diffCommand(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseOptions(argv, 'diff');
  if (positionals.length !== 2) throw new PiiflowUserError('diff takes two JSON scans: piiflow diff <old.json> <new.json>', undefined, 'write them with piiflow scan --format json --output <file>');
  const format = listOption(values.format, ['text'])[0]!;
  if (format !== 'text' && format !== 'markdown') throw new PiiflowUserError(`diff prints text or markdown, not "${format}"`);
  const [oldFile, newFile] = positionals as [string, string];
  io.stdout(renderDiff(diffScans(readScan(oldFile, io), readScan(newFile, io)), format));
  return EXIT.ok;
}

function initCommand(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseOptions(argv, 'init');
  if (positionals.length > 1) throw new PiiflowUserError('init takes one folder', undefined, 'piiflow init [folder] [--force]');
  const folder = resolve(io.cwd, positionals[0] ?? '.');
  const target = join(folder, POLICY_FILE_NAME);
  const shown = relative(io.cwd, target) || target;
  if (existsSync(target) && !values.force) {
    throw new PiiflowUserError('a policy already exists here', { file: shown }, 'edit it, or run piiflow init --force to replace it with what the code sends today');
  }
  // What the code sends, whatever any policy says: no policy file is read.
  const result = scan({ paths: [folder], cwd: io.cwd, noPolicy: true });
  const schema = relative(folder, join(io.cwd, 'node_modules', 'eslint-plugin-piiflow', 'rules', 'schemas', 'policy.schema.json')).split('\\').join('/');
  writeFileSync(target, initialPolicy(result, new Date().toISOString().slice(0, 10), schema));
  const categories = new Set(result.flows.flatMap((flow) => flow.data.map((item) => `${flow.vendor} ${item.category}`)));
  io.stdout(`Wrote ${shown}: ${result.summary.vendors.length} vendor${result.summary.vendors.length === 1 ? '' : 's'}, ${categories.size} vendor-category pair${categories.size === 1 ? '' : 's'} allowed as the code sends them today. Review it, then tighten it.\n`);
  return EXIT.ok;
}

function baselineCommand(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseOptions(argv, 'baseline');
  const options: ScanOptions = { paths: positionals, cwd: io.cwd, ...(values.policy ? { policy: values.policy } : {}), ...(values.types ? { types: true } : {}) };
  const result = scan(options);
  const folder = positionals.length === 1 ? resolve(io.cwd, positionals[0]!) : io.cwd;
  const target = resolve(io.cwd, listOption(values.output, [join(folder, 'piiflow.baseline.json')])[0]!);
  const shown = relative(io.cwd, target) || target;
  if (existsSync(target)) readBaseline(target, shown); // refuses to overwrite anything but a baseline
  if (/\.(?:[cm]?[jt]sx?)$/.test(target)) throw new PiiflowUserError('refusing to write a baseline over a JavaScript or TypeScript file', { file: shown });
  const baseline = baselineOf(result);
  writeFileSync(target, `${JSON.stringify(baseline, null, 2)}\n`);
  const count = baseline.violations.reduce((sum, entry) => sum + entry.count, 0);
  io.stdout(`Wrote ${shown}: ${count} violation${count === 1 ? '' : 's'} accepted. piiflow scan --baseline ${shown} now fails only on new ones.\n`);
  return EXIT.ok;
}

function explainCommand(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseOptions(argv, 'explain');
  const target = positionals[0];
  const match = target ? /^(.+):(\d+)$/.exec(target) : null;
  if (!match || positionals.length > 1) {
    throw new PiiflowUserError('explain takes one <file>:<line>', undefined, 'for example: piiflow explain src/lib/analytics.ts:12');
  }
  const file = resolve(io.cwd, match[1]!);
  const result = explain(file, Number(match[2]), { cwd: io.cwd, ...(values.policy ? { policy: values.policy } : {}), ...(values.rules ? { rulesDir: resolve(io.cwd, values.rules) } : {}) });
  if (listOption(values.format, ['text'])[0] === 'json') {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines: string[] = [];
  for (const flow of result.flows) {
    const via = flow.sink.via ? ` via ${flow.sink.via.call} at ${flow.sink.via.file}:${flow.sink.via.line}` : '';
    lines.push(`${flow.sink.file}:${flow.sink.line}:${flow.sink.column}  ${flow.sink.call} sends to ${flow.vendor} (${flow.sink.method}, from ${flow.sink.through})${via}`);
    if (flow.data.length === 0) lines.push('  no personal data reaches this call');
    for (const item of flow.data) {
      const anonymized = item.anonymized ? `, anonymized by ${item.anonymizer}${item.weakAnonymizer ? ' (weak)' : ''}` : '';
      lines.push(`  ${item.field}: ${item.category}${anonymized}, found by ${item.origin}: ${item.verdict} (${item.reason})`);
      item.trace.forEach((step, index) => lines.push(`    ${index + 1}. ${step.file}:${step.line}:${step.column}  ${step.expression}`));
    }
  }
  for (const other of result.notSinks) lines.push(`${match[1]}:${match[2]}  ${other.call}: not reported: ${other.reason}`);
  if (lines.length === 0) lines.push(`${match[1]}:${match[2]}: no call on this line reaches an SDK or looks like one`);
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** The options each command reads; any other is refused rather than silently ignored. */
const COMMAND_OPTIONS = {
  scan: ['format', 'output', 'policy', 'max-file-size', 'max-file-time', 'rules', 'types', 'baseline', 'since', 'follow-symlinks', 'cache', 'cache-location', 'shard', 'no-color'],
  merge: ['format', 'output', 'baseline', 'no-color'],
  diff: ['format'],
  init: ['force'],
  baseline: ['output', 'policy', 'types'],
  explain: ['format', 'policy', 'rules'],
} as const;

function parseOptions(argv: readonly string[], command: keyof typeof COMMAND_OPTIONS) {
  const parsed = parseAllOptions(argv);
  const accepted: readonly string[] = COMMAND_OPTIONS[command];
  const stray = Object.keys(parsed.values).find((name) => name !== 'help' && !accepted.includes(name));
  if (stray) throw new PiiflowUserError(`--${stray} does not apply to piiflow ${command}`, undefined, `its options: ${accepted.map((name) => `--${name}`).join(', ')}`);
  return parsed;
}

function parseAllOptions(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f', multiple: true },
        output: { type: 'string', short: 'o', multiple: true },
        policy: { type: 'string', short: 'p' },
        'max-file-size': { type: 'string' },
        'max-file-time': { type: 'string' },
        rules: { type: 'string' },
        types: { type: 'boolean' },
        baseline: { type: 'string' },
        since: { type: 'string' },
        force: { type: 'boolean' },
        'follow-symlinks': { type: 'boolean' },
        cache: { type: 'boolean' },
        shard: { type: 'string' },
        'cache-location': { type: 'string' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new PiiflowUserError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''), undefined, 'see piiflow scan --help');
  }
}

/** Writes where --output says; a source-file name is refused, so a typo cannot overwrite scanned code. */
function writeReport(output: string, report: string, io: Io): void {
  const target = resolve(io.cwd, output);
  if (/\.(?:[cm]?[jt]sx?)$/.test(target)) {
    throw new PiiflowUserError('refusing to write a report over a JavaScript or TypeScript file', { file: output }, 'choose a .json, .txt or other report file name');
  }
  try {
    writeFileSync(target, report);
  } catch (error) {
    throw new PiiflowUserError(`cannot write the report: ${(error as Error).message}`, { file: output });
  }
}
