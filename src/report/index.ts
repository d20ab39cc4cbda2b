// The reports: a registry from format name to a pure renderer of a scan result. A new format is one
// module here and one entry below; the CLI lists, checks and documents formats from this registry.
import type { ScanResult } from '../model/result';
import { renderHtml } from './html';
import { renderInventoryCsv, renderInventoryJson } from './inventory';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderText } from './text';

export interface RenderContext {
  /** ANSI colours (text on a terminal). */
  color: boolean;
  /** What was scanned, as the user named it (`.`, `src apps/web`). */
  target: string;
  /** Lines around a reported line, from a file that was scanned as source (HTML excerpts). */
  excerpt?: (file: string, line: number) => { start: number; lines: string[] } | undefined;
  /** The name of the folder scanned (`webshop` for `scan .` in it), for titles. */
  folder?: string;
  /** The commit the scanned tree is at (a fact of the tree, so two runs still give the same file). */
  commit?: { id: string; date: string };
  /** List what the summary only counts (imports that could not be resolved). */
  verbose?: boolean;
}

export const REPORTS = {
  text: { describe: 'for people, on a terminal (default)', render: (result: ScanResult, context: RenderContext) => renderText(result, { color: context.color, target: context.target, verbose: context.verbose ?? false }) },
  json: { describe: 'the JSON contract (README, "JSON output")', render: (result: ScanResult) => renderJson(result) },
  sarif: { describe: 'SARIF 2.1.0, for code scanning', render: (result: ScanResult) => renderSarif(result) },
  markdown: { describe: 'a summary for a pull-request comment', render: (result: ScanResult) => renderMarkdown(result) },
  html: { describe: 'a data-flow report for privacy reviewers', render: (result: ScanResult, context: RenderContext) => renderHtml(result, { target: context.folder ?? context.target, ...(context.excerpt ? { excerpt: context.excerpt } : {}), ...(context.commit ? { commit: context.commit } : {}) }) },
  'inventory-csv': { describe: 'every vendor and category with where it is sent, as CSV', render: (result: ScanResult) => renderInventoryCsv(result) },
  'inventory-json': { describe: 'the same inventory as JSON', render: (result: ScanResult) => renderInventoryJson(result) },
} satisfies Record<string, { describe: string; render: (result: ScanResult, context: RenderContext) => string }>;

export type Format = keyof typeof REPORTS;

export const FORMATS = Object.keys(REPORTS) as Format[];

export function isFormat(name: string): name is Format {
  return Object.hasOwn(REPORTS, name);
}

export function renderReport(format: Format, result: ScanResult, context: RenderContext): string {
  return REPORTS[format].render(result, context);
}

export { diffScans, parseScan, readScanFile, renderDiff, type ScanDiff } from './diff';
export { renderExplanation } from './explain';
