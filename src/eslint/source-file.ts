import type * as TS from 'typescript';
import { dirname } from 'node:path';
import { parseSource, ts } from '../session/index';

interface EslintSourceCode {
  text: string;
  ast: unknown;
  parserServices?: { esTreeNodeToTSNodeMap?: { get(node: unknown): unknown } };
}

let parserCompilerMatches: boolean | undefined;

/**
 * The TypeScript tree of the linted file. When @typescript-eslint/parser already built one with
 * a compiler whose SyntaxKind table is ours (same major.minor), it is reused; otherwise the text
 * is parsed once more with the engine's compiler. Nodes of one compiler are never read against
 * another's table.
 */
export function sourceFileFor(sourceCode: EslintSourceCode, filename: string): TS.SourceFile {
  const map = sourceCode.parserServices?.esTreeNodeToTSNodeMap;
  if (map && compilerMatches()) {
    const node = map.get(sourceCode.ast) as TS.SourceFile | undefined;
    if (node && node.kind === ts.SyntaxKind.SourceFile && node.text === sourceCode.text && node.statements.every((statement) => statement.parent === node)) {
      return node;
    }
  }
  return parseSource(sourceCode.text, filename);
}

function compilerMatches(): boolean {
  parserCompilerMatches ??= (() => {
    const version = typescriptVersionOfParser();
    return version !== undefined && majorMinor(version) === majorMinor(ts.version);
  })();
  return parserCompilerMatches;
}

/** The `typescript` that @typescript-eslint/typescript-estree loads, from the project first, then from here. */
function typescriptVersionOfParser(): string | undefined {
  for (const base of [process.cwd(), __dirname]) {
    try {
      const parser = require.resolve('@typescript-eslint/parser', { paths: [base] });
      const estree = require.resolve('@typescript-eslint/typescript-estree', { paths: [dirname(parser)] });
      const typescript = require.resolve('typescript/package.json', { paths: [dirname(estree)] });
      return (require(typescript) as { version: string }).version;
    } catch {
      // Not installed from this base; try the next one.
    }
  }
  return undefined;
}

function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}
