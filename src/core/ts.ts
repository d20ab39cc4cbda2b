// The engine's one TypeScript compiler. Nodes handed in by @typescript-eslint/parser come from the
// `typescript` package too; tests/core/typescript-tables.test.ts checks that ts-morph's bundled
// compiler (used for project loading) has the same SyntaxKind table, so no node is ever read
// against a table of another version.
import ts = require('typescript');

export { ts };
