// The package's public surface: the ESLint plugin, with the programmatic scanner and its types beside it.
import type * as model from './model/result';
import type { Category as CategoryName } from './model/categories';
import { scan, type ScanOptions as Options } from './scanner/index';
import { plugin } from './eslint/plugin';

const piiflow = Object.assign(plugin, { scan });

// Types beside the CommonJS `export =` value: `import type { ScanResult } from 'eslint-plugin-piiflow'`.
declare namespace piiflow {
  export type ScanOptions = Options;
  export type ScanResult = model.ScanResult;
  export type Flow = model.Flow;
  export type DataItem = model.DataItem;
  export type TraceStep = model.TraceStep;
  export type SkippedFile = model.SkippedFile;
  export type ScanSummary = model.ScanSummary;
  export type VendorSummary = model.VendorSummary;
  export type Category = CategoryName;
}

export = piiflow;

// Node finds the names an ES module may import from CommonJS (`import { scan } from
// 'eslint-plugin-piiflow'`) by reading assignments like these. TypeScript emits `export =` last,
// so they land on the exports object it replaces: the names are listed, the values are piiflow's.
module.exports.scan = scan;
module.exports.rules = piiflow.rules;
module.exports.configs = piiflow.configs;
module.exports.meta = piiflow.meta;
