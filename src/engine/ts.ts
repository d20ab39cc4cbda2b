// The engine's one TypeScript compiler. Nodes handed in by @typescript-eslint/parser come from the
// `typescript` package too; tests/core/typescript-tables.test.ts checks that ts-morph's bundled
// compiler (used for project loading) has the same SyntaxKind table, so no node is ever read
// against a table of another version.
//
// Loaded on first use, not with the engine: a scan whose every file comes from the cache, and
// `piiflow merge`, `diff` or `--help`, never need the compiler, which takes a fifth of a second to
// load. Types come from `import type * as TS from 'typescript'` where they are used.
import type * as TypeScript from 'typescript';

export declare const ts: typeof TypeScript;

let loaded: typeof TypeScript | undefined;
Object.defineProperty(exports, 'ts', {
  enumerable: true,
  get: (): typeof TypeScript => (loaded ??= require('typescript') as typeof TypeScript),
});
