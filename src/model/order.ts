import type { DataItem, Flow, Problem } from './result';

/**
 * Ordering by Unicode code point, the same on every machine: `localeCompare` and `Intl.Collator`
 * follow the locale (`LC_ALL=sv_SE.UTF-8` sorts `ö` elsewhere than `C`), and `<` on strings compares
 * UTF-16 code units, which puts U+10000 and above before U+E000..U+FFFF.
 */
export function compareText(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** The same ordering under the name the reports use. */
export const compareCodePoints = compareText;

/** Surrogates (U+D800..U+DFFF) move above the rest of the BMP, where the code points they encode are. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

export function compareProblems(a: Problem, b: Problem): number {
  return compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareText(a.message, b.message);
}

/** Flows of one file by place, then vendor; across files by file first. */
export function compareFlows(a: Flow, b: Flow): number {
  return compareText(a.sink.file, b.sink.file) || a.sink.line - b.sink.line || a.sink.column - b.sink.column || compareText(a.vendor, b.vendor);
}

/** Items of one flow by where they enter the call, then field and category. */
export function compareItems(a: DataItem, b: DataItem): number {
  return a.at.line - b.at.line || a.at.column - b.at.column || compareText(a.field, b.field) || compareText(a.category, b.category);
}
