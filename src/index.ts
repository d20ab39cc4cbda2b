// The package's public surface: the ESLint plugin, with the programmatic scanner and its types beside it.
import * as core from './session/index';
import { plugin } from './eslint/plugin';

const piiflow = Object.assign(plugin, { scan: core.scan });

// Types beside the CommonJS `export =` value: `import type { ScanResult } from 'eslint-plugin-piiflow'`.
declare namespace piiflow {
  export type ScanOptions = core.ScanOptions;
  export type ScanResult = core.ScanResult;
  export type Flow = core.Flow;
  export type DataItem = core.DataItem;
  export type TraceStep = core.TraceStep;
  export type SkippedFile = core.SkippedFile;
  export type ScanSummary = core.ScanSummary;
  export type VendorSummary = core.VendorSummary;
  export type Category = core.Category;
}

export = piiflow;
