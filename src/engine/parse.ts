import type * as TS from 'typescript';
import { ts } from './ts';

/**
 * How piiflow's own parses run: JSDoc comments are not parsed (the analysis never reads them, and
 * their errors are not syntax errors), which makes the parse a fifth faster.
 */
function parseOptions(): TS.CreateSourceFileOptions {
  return { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
}

/** Parses text the way both front-ends do when no tree is handed in. */
export function parseSource(text: string, fileName: string): TS.SourceFile {
  return ts.createSourceFile(fileName, text, parseOptions(), true, scriptKindOf(fileName));
}

/** A parse kept only for its syntax errors: no parent links, so cheaper, and nothing holds on to it. */
export function checkSyntax(text: string, fileName: string): TS.SourceFile {
  return ts.createSourceFile(fileName, text, parseOptions(), false, scriptKindOf(fileName));
}

export function scriptKindOf(fileName: string): TS.ScriptKind {
  const extension = fileName.slice(fileName.lastIndexOf('.')).toLowerCase();
  switch (extension) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.ts':
    case '.mts':
    case '.cts':
      return ts.ScriptKind.TS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.JS;
  }
}

/** The first syntax error of a parsed file, if it has one. */
export function syntaxError(sourceFile: TS.SourceFile): { line: number; column: number; message: string } | undefined {
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const first = diagnostics.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (!first) return undefined;
  const position = sourceFile.getLineAndCharacterOfPosition(first.start);
  return { line: position.line + 1, column: position.character + 1, message: ts.flattenDiagnosticMessageText(first.messageText, ' ') };
}
