import type { ScanResult } from '../model/result';

/** The `--format json` contract: one object, keys in a fixed order, two-space indent, trailing newline. */
export function renderJson(result: ScanResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
