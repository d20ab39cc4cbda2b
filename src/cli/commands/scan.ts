import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PiiflowUserError } from '../../model/errors';
import { findPolicyFile } from '../../session/index';
import { DEFAULT_MAX_FILE_BYTES, applyBaseline, keepChanges, parseMaxFileSize, parseSinceRef, pathInTree, readBaseline, scan, scanAtRef, type CacheStats, type ScanOptions } from '../../scanner/index';
import type { Command } from '../command';
import { checkOutputs, checkedFormats, listOption, parseShard } from '../options';
import { cacheLine, progressLine, report, showsProgress } from '../output';

/** Where --cache keeps its file, relative to the working folder (like ESLint's .eslintcache). */
const DEFAULT_CACHE_FILE = '.piiflowcache';

export const scanCommand: Command = {
  name: 'scan',
  arguments: '[paths...] [options]',
  summary: 'scan files and folders (default: .)',
  options: ['format', 'output', 'policy', 'exclude', 'max-file-size', 'max-file-time', 'rules', 'types', 'baseline', 'since', 'follow-symlinks', 'cache', 'cache-location', 'shard', 'verbose', 'no-color'],
  run(values, positionals, io) {
    const formats = checkedFormats(values.format);
    const outputs = listOption(values.output, []);
    checkOutputs(formats, outputs);
    const maxFileBytes = values['max-file-size'] !== undefined ? parseMaxFileSize(values['max-file-size']) : DEFAULT_MAX_FILE_BYTES;
    let maxFileMs: number | undefined;
    if (values['max-file-time'] !== undefined) {
      const seconds = Number(values['max-file-time']);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new PiiflowUserError(`--max-file-time takes a positive number of seconds, not "${values['max-file-time']}"`);
      maxFileMs = Math.round(seconds * 1000);
    }
    const since = parseSinceRef(values.since);
    const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
    if (shard && values.baseline) throw new PiiflowUserError('--baseline applies to the whole tree, not to one shard', undefined, 'give it to piiflow merge --baseline <file> instead');
    if (shard && since !== undefined) throw new PiiflowUserError('--since cannot be combined with --shard', undefined, 'compare against a ref in one scan of the whole tree');
    const options: ScanOptions = {
      paths: positionals,
      cwd: io.cwd,
      maxFileBytes,
      ...(shard ? { shard } : {}),
      ...(maxFileMs !== undefined ? { maxFileMs } : {}),
      ...(values.types ? { types: true } : {}),
      ...(values['follow-symlinks'] ? { followSymlinks: true } : {}),
      ...(values.policy ? { policy: values.policy } : {}),
      ...(values.exclude?.length ? { exclude: values.exclude } : {}),
      ...(values.rules ? { rulesDir: resolve(io.cwd, values.rules) } : {}),
    };
    const progress = showsProgress(io) ? progressLine(io) : undefined;
    const cache = values.cache || values['cache-location'] !== undefined ? resolve(io.cwd, values['cache-location'] ?? DEFAULT_CACHE_FILE) : undefined;
    if (cache && /\.(?:[cm]?[jt]sx?)$/.test(cache)) throw new PiiflowUserError('refusing to use a JavaScript or TypeScript file as the cache', { file: values['cache-location']! });
    const result = scan({
      ...options,
      ...(progress ? { onDiscovered: progress.discovered, onFile: progress.file } : {}),
      ...(cache ? { cache, onCache: (stats: CacheStats) => io.stderr(cacheLine(stats, io.cwd)) } : {}),
    });
    progress?.done();
    // The baseline is compared with the whole scan, before --since keeps only what changed: a
    // violation that --since leaves out is still in the code, not fixed.
    if (values.baseline) applyBaseline(result, readBaseline(resolve(io.cwd, values.baseline), values.baseline));
    if (since !== undefined) {
      const ref = since;
      // The old tree is judged by today's policy, so that only code changes count.
      const policy = values.policy ? resolve(io.cwd, values.policy) : findPolicyFile(resolve(io.cwd, positionals.length === 1 ? positionals[0]! : '.'));
      // git runs where the scanned code is, which may be another repository than the working directory.
      const scanned = resolve(io.cwd, positionals[0] ?? '.');
      const gitDirectory = existsSync(scanned) && statSync(scanned).isDirectory() ? scanned : dirname(scanned);
      const old = scanAtRef(ref, gitDirectory, (tree, top) =>
        scan({ ...options, allowNothing: true, paths: (positionals.length ? positionals : ['.']).map((path) => pathInTree(resolve(io.cwd, path), top, tree)), cwd: tree, ...(policy ? { policy } : {}) }),
      );
      result.since = { ref, changes: keepChanges(result, old) };
    }
    return report(result, formats, outputs, values, positionals.join(' ') || '.', scannedRoot(positionals, io.cwd), io, { baselineApplied: true });
  },
};

/** The folder report paths are relative to: the one folder scanned, else the working directory. */
function scannedRoot(positionals: readonly string[], cwd: string): string {
  const only = positionals.length === 1 ? resolve(cwd, positionals[0]!) : undefined;
  return only && existsSync(only) && statSync(only).isDirectory() ? only : cwd;
}
