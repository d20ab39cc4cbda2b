import { PiiflowUserError } from '../../model/errors';
import { diffScans, renderDiff } from '../../report/index';
import type { Command } from '../command';
import { EXIT } from '../io';
import { listOption } from '../options';
import { readScan } from './merge';

export const diffCommand: Command = {
  name: 'diff',
  arguments: '<old.json> <new.json> [--format text|markdown]',
  summary: 'what changed between two JSON scans',
  options: ['format'],
  run(values, positionals, io) {
    if (positionals.length !== 2) throw new PiiflowUserError('diff takes two JSON scans: piiflow diff <old.json> <new.json>', undefined, 'write them with piiflow scan --format json --output <file>');
    const format = listOption(values.format, ['text'])[0]!;
    if (format !== 'text' && format !== 'markdown') throw new PiiflowUserError(`diff prints text or markdown, not "${format}"`);
    const [oldFile, newFile] = positionals as [string, string];
    io.stdout(renderDiff(diffScans(readScan(oldFile, io), readScan(newFile, io)), format));
    return EXIT.ok;
  },
};
