import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PiiflowUserError } from '../../model/errors';
import { baselineOf, readBaseline, scan, writeFileNoFollow, type ScanOptions } from '../../scanner/index';
import type { Command } from '../command';
import { EXIT } from '../io';
import { listOption } from '../options';

export const baselineCommand: Command = {
  name: 'baseline',
  arguments: '[paths...] [-o file]',
  summary: "record today's violations (default: piiflow.baseline.json in the scanned folder)",
  options: ['output', 'policy', 'exclude', 'types'],
  run(values, positionals, io) {
    const options: ScanOptions = { paths: positionals, cwd: io.cwd, ...(values.policy ? { policy: values.policy } : {}), ...(values.exclude?.length ? { exclude: values.exclude } : {}), ...(values.types ? { types: true } : {}) };
    const folder = positionals.length === 1 ? resolve(io.cwd, positionals[0]!) : io.cwd;
    const target = resolve(io.cwd, listOption(values.output, [join(folder, 'piiflow.baseline.json')])[0]!);
    const shown = relative(io.cwd, target) || target;
    if (/\.(?:[cm]?[jt]sx?)$/.test(target)) throw new PiiflowUserError('refusing to write a baseline over a JavaScript or TypeScript file', { file: shown });
    if (existsSync(target)) readBaseline(target, shown); // refuses to overwrite anything but a baseline
    const baseline = baselineOf(scan(options));
    writeFileNoFollow(target, `${JSON.stringify(baseline, null, 2)}\n`, { display: shown });
    const count = baseline.violations.reduce((sum, entry) => sum + entry.count, 0);
    io.stdout(`Wrote ${shown}: ${count} violation${count === 1 ? '' : 's'} accepted. piiflow scan --baseline ${shown} now fails only on new ones.\n`);
    return EXIT.ok;
  },
};
