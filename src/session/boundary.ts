import { realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as TS from 'typescript';
import { isInside } from '../model/paths';
import { ts } from '../engine/ts';

let library: string | undefined;

/** `mayReadPath` for one boundary, remembered (module resolution asks about the same paths again and again). */
function allowedIn(boundary: string): (path: string) => boolean {
  const known = new Map<string, boolean>();
  let realBoundary: string | undefined;
  return (path) => {
    let answer = known.get(path);
    if (answer === undefined) {
      realBoundary ??= realOrSelf(boundary);
      answer = mayReadPath(boundary, path, realBoundary);
      known.set(path, answer);
    }
    return answer;
  };
}

/**
 * The one boundary for every reader of the scanned code's configuration and imports: the module
 * graph, the type checker's host, tsconfig `extends`, `paths`, `include` and workspace globs. A
 * path is readable when it is inside the repository (also once symbolic links are resolved), or
 * one of TypeScript's own library files. Outside, files do not exist and folders are empty, so an
 * import of `../../outside/secret` or a tsconfig that `extends` a file elsewhere reads nothing.
 */
export function mayReadPath(boundary: string, path: string, realBoundary: string = realOrSelf(boundary), exists?: boolean): boolean {
  library ??= dirname(ts.getDefaultLibFilePath({}));
  if (isInside(library, path)) return true;
  if (!isInside(boundary, path)) return false;
  // Most paths module resolution asks about do not exist (`x.tsx`, `x.d.ts`, `x/index.ts`...):
  // one stat says so without the cost of a failed realpath's exception. A caller that has just
  // stat'ed the path says so (`exists`).
  if (exists === undefined) {
    exists = true;
    try {
      exists = statSync(path, { throwIfNoEntry: false }) !== undefined;
    } catch {
      // Not a plain "no such file" (a path through a file, a loop): realpath decides below.
    }
  }
  if (!exists) return true; // nothing to read, and the caller finds that out itself
  let real: string;
  try {
    // The system's realpath: one call, where Node's own walks the path with an lstat per folder.
    real = realpathSync.native(path);
  } catch {
    return true;
  }
  return isInside(realBoundary, real) || isInside(library, real);
}

/** The boundary with its symbolic links resolved (what mayReadPath compares real paths with). */
export function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** `ts.sys` (or another system) that reads, lists and finds nothing outside `boundary`. */
export function boundedSystem(boundary: string, base: TS.System = ts.sys): TS.System {
  const allowed = allowedIn(boundary);
  return {
    ...base,
    fileExists: (path) => allowed(path) && base.fileExists(path),
    readFile: (path, encoding) => (allowed(path) ? base.readFile(path, encoding) : undefined),
    directoryExists: (path) => allowed(path) && base.directoryExists(path),
    getDirectories: (path) => (allowed(path) ? base.getDirectories(path).filter((name) => allowed(`${path}/${name}`)) : []),
    readDirectory: (path, extensions, excludes, includes, depth) => (allowed(path) ? base.readDirectory(path, extensions, excludes, includes, depth).filter(allowed) : []),
    ...(base.realpath ? { realpath: (path: string) => (allowed(path) ? base.realpath!(path) : path) } : {}),
  };
}

/** A compiler host for the type checker (`--types`) with the same boundary. */
export function boundedCompilerHost(options: TS.CompilerOptions, boundary: string): TS.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const allowed = allowedIn(boundary);
  const getSourceFile = host.getSourceFile.bind(host);
  return {
    ...host,
    fileExists: (path) => allowed(path) && host.fileExists(path),
    readFile: (path) => (allowed(path) ? host.readFile(path) : undefined),
    directoryExists: (path) => allowed(path) && (host.directoryExists?.(path) ?? true),
    getDirectories: (path) => (allowed(path) ? (host.getDirectories?.(path) ?? []).filter((name) => allowed(`${path}/${name}`)) : []),
    getSourceFile: (path, language, onError, create) => (allowed(path) ? getSourceFile(path, language, onError, create) : undefined),
    ...(host.realpath ? { realpath: (path: string) => (allowed(path) ? host.realpath!(path) : path) } : {}),
  };
}
