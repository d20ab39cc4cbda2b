import type * as TS from 'typescript';
import { dirname } from 'node:path';
import { ts } from '../engine/ts';
import { isInside } from '../model/paths';

export { isInside };

/**
 * A TypeScript program of the given files and the declaration files their tsconfig includes (they may
 * declare global types nothing imports), for `scan --types`. Every file the compiler reads, for the
 * program or for the tsconfig and what it `extends`, is inside the boundary (the repository) or is
 * one of the compiler's own lib files: an import, a `paths` entry or an `include` that leaves the
 * repository reads nothing.
 */
export function createBoundedProgram(root: string, rootNames: readonly string[], boundary: string): TS.Program {
  const libFolder = dirname(ts.getDefaultLibFilePath({}));
  const allowed = (path: string): boolean => isInside(boundary, path) || isInside(libFolder, path);
  const sys = {
    ...ts.sys,
    fileExists: (path: string) => allowed(path) && ts.sys.fileExists(path),
    readFile: (path: string, encoding?: string) => (allowed(path) ? ts.sys.readFile(path, encoding) : undefined),
    directoryExists: (path: string) => allowed(path) && ts.sys.directoryExists(path),
    readDirectory: (path: string, extensions?: readonly string[], excludes?: readonly string[], includes?: readonly string[], depth?: number) =>
      allowed(path) ? ts.sys.readDirectory(path, extensions, excludes, includes, depth).filter(allowed) : [],
    getDirectories: (path: string) => (allowed(path) ? ts.sys.getDirectories(path) : []),
  };
  let compilerOptions: TS.CompilerOptions = {};
  let declarations: string[] = [];
  const config = ts.findConfigFile(root, sys.fileExists);
  if (config) {
    const read = ts.readConfigFile(config, sys.readFile);
    if (!read.error) {
      const parsed = ts.parseJsonConfigFileContent(read.config, sys, dirname(config), undefined, config);
      compilerOptions = parsed.options;
      declarations = parsed.fileNames.filter((name) => /\.d\.[mc]?ts$/.test(name) && allowed(name));
    }
  }
  const options: TS.CompilerOptions = { ...compilerOptions, allowJs: true, noEmit: true, skipLibCheck: true };
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  Object.assign(host, {
    fileExists: sys.fileExists,
    readFile: sys.readFile,
    directoryExists: sys.directoryExists,
    getDirectories: sys.getDirectories,
    getSourceFile: (fileName: string, languageVersion: TS.ScriptTarget | TS.CreateSourceFileOptions, onError?: (message: string) => void, shouldCreate?: boolean) =>
      allowed(fileName) ? getSourceFile(fileName, languageVersion, onError, shouldCreate) : undefined,
  });
  return ts.createProgram({ rootNames: [...rootNames.filter(allowed), ...declarations], options, host });
}
