import type { DataItem, Flow, Problem } from './result';

/** Locale-independent ordering by code point, so two machines produce byte-identical reports. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
