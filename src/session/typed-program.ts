import type * as TS from 'typescript';
import { dirname } from 'node:path';
import { ts } from '../engine/ts';
import { boundedCompilerHost, boundedSystem, mayReadPath } from './boundary';

/**
 * A TypeScript program of the given files and the declaration files their tsconfig includes (they may
 * declare global types nothing imports), for `scan --types`. Every file the compiler reads, for the
 * program or for the tsconfig and what it `extends`, passes the one boundary (boundary.ts): an import,
 * a `paths` entry or an `include` that leaves the repository reads nothing.
 */
export function createBoundedProgram(root: string, rootNames: readonly string[], boundary: string): TS.Program {
  const sys = boundedSystem(boundary);
  let compilerOptions: TS.CompilerOptions = {};
  let declarations: string[] = [];
  const config = ts.findConfigFile(root, sys.fileExists);
  if (config) {
    const read = ts.readConfigFile(config, sys.readFile);
    if (!read.error) {
      const parsed = ts.parseJsonConfigFileContent(read.config, sys, dirname(config), undefined, config);
      compilerOptions = parsed.options;
      declarations = parsed.fileNames.filter((name) => /\.d\.[mc]?ts$/.test(name));
    }
  }
  const options: TS.CompilerOptions = { ...compilerOptions, allowJs: true, noEmit: true, skipLibCheck: true };
  return ts.createProgram({ rootNames: [...rootNames.filter((name) => mayReadPath(boundary, name)), ...declarations], options, host: boundedCompilerHost(options, boundary) });
}
