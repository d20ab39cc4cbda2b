import { resolve } from 'node:path';
import { PiiflowUserError } from '../../model/errors';
import type { ScanResult } from '../../model/result';
import { readScanFile } from '../../report/index';
import { mergeShards } from '../../scanner/index';
import type { Command } from '../command';
import type { Io } from '../io';
import { checkOutputs, checkedFormats, listOption } from '../options';
import { report } from '../output';

export const mergeCommand: Command = {
  name: 'merge',
  arguments: '<shard.json>... [options]',
  summary: 'one report from the JSON results of scan --shard 1/n ... n/n',
  options: ['format', 'output', 'baseline', 'verbose', 'no-color'],
  run(values, positionals, io) {
    if (positionals.length === 0) throw new PiiflowUserError('merge takes the JSON results of every shard', undefined, 'piiflow merge shard-1.json shard-2.json ... [-f format] [-o file]');
    const formats = checkedFormats(values.format);
    const outputs = listOption(values.output, []);
    checkOutputs(formats, outputs);
    const shards = positionals.map((file) => ({ result: readScan(file, io), file }));
    return report(mergeShards(shards), formats, outputs, values, '.', io.cwd, io);
  },
};

/** A JSON scan written by piiflow scan --format json. */
export function readScan(file: string, io: Io): ScanResult {
  return readScanFile(resolve(io.cwd, file), file);
}
