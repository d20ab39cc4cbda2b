import { PiiflowUserError } from '../model/errors';
import { ts } from '../session/index';

/** The largest --max-file-size: a file is read whole into memory. */
const MAX_FILE_SIZE_KIB = 1024 * 1024;

/**
 * `--max-file-size <KiB>` in bytes. A value that would round to nothing (`0.0001`) or exceed what
 * can be read into memory is refused: it would skip every file, or none, without a word.
 */
export function parseMaxFileSize(value: string): number {
  const kib = Number(value);
  if (value.trim() === '' || !Number.isFinite(kib) || kib < 1 || kib > MAX_FILE_SIZE_KIB) {
    throw new PiiflowUserError(`--max-file-size takes a number of KiB from 1 to ${MAX_FILE_SIZE_KIB}, not "${value}"`, undefined, 'for example --max-file-size 4096 for 4 MiB');
  }
  return Math.ceil(kib * 1024);
}

const LONGEST_LINE = 20_000;
const AVERAGE_LINE = 300;

/**
 * Bundles and generated code: long lines, few of them. Comments do not count: a file of four
 * lines with a 20,001-character comment is still the app's code (before, that comment made the
 * file "minified" and hid its violation). The cheap count runs first; only a file it flags is
 * tokenized to take its comments out.
 *
 * `namesSdk`, when given, says whether the text names an SDK package or global: such a file is
 * analysed even when it looks minified (a bundle that calls an SDK is still a flow to report).
 */
export function looksMinified(text: string, options: { namesSdk?: (text: string) => boolean } = {}): string | undefined {
  if (text.length < 4096) return undefined;
  const raw = lineShape(text, []);
  if (raw.average <= AVERAGE_LINE && raw.longest <= LONGEST_LINE) return undefined;
  const code = lineShape(text, commentRanges(text));
  if (code.average <= AVERAGE_LINE && code.longest <= LONGEST_LINE) return undefined;
  if (options.namesSdk?.(text)) return undefined;
  return `looks minified or generated (${raw.lines} line${raw.lines === 1 ? '' : 's'}, longest ${code.longest} characters of code)`;
}

/** Lines, the longest line and the average line, counting only characters outside `skip` ranges (sorted, not overlapping). */
function lineShape(text: string, skip: readonly [number, number][]): { lines: number; longest: number; average: number } {
  let lines = 1;
  let longest = 0;
  let current = 0;
  let total = 0;
  let range = 0;
  for (let index = 0; index < text.length; index++) {
    while (range < skip.length && skip[range]![1] <= index) range++;
    const skipped = range < skip.length && skip[range]![0] <= index;
    if (text.charCodeAt(index) === 10) {
      lines++;
      longest = Math.max(longest, current);
      current = 0;
    } else if (!skipped) {
      current++;
      total++;
    }
  }
  longest = Math.max(longest, current);
  return { lines, longest, average: total / lines };
}

/** Where the comments are, by TypeScript's scanner (linear; an odd template or regular expression may misplace one, which only makes the check lenient). */
function commentRanges(text: string): [number, number][] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const ranges: [number, number][] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) ranges.push([scanner.getTokenStart(), scanner.getTokenEnd()]);
  }
  return ranges;
}
