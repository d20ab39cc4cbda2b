import { resolve } from 'node:path';
import { PiiflowUserError } from '../../model/errors';
import { renderExplanation } from '../../report/index';
import { explain } from '../../session/index';
import type { Command } from '../command';
import { EXIT } from '../io';
import { listOption } from '../options';

export const explainCommand: Command = {
  name: 'explain',
  arguments: '<file>:<line> [--format text|json]',
  summary: 'what reaches the SDK calls on a line, hop by hop, and why other calls there are not SDK calls',
  options: ['format', 'policy', 'rules'],
  run(values, positionals, io) {
    const target = positionals[0];
    const match = target ? /^(.+):(\d+)$/.exec(target) : null;
    if (!match || positionals.length > 1) {
      throw new PiiflowUserError('explain takes one <file>:<line>', undefined, 'for example: piiflow explain src/lib/analytics.ts:12');
    }
    const format = listOption(values.format, ['text'])[0]!;
    if (format !== 'text' && format !== 'json') throw new PiiflowUserError(`explain prints text or json, not "${format}"`);
    const file = resolve(io.cwd, match[1]!);
    const result = explain(file, Number(match[2]), { cwd: io.cwd, ...(values.policy ? { policy: values.policy } : {}), ...(values.rules ? { rulesDir: resolve(io.cwd, values.rules) } : {}) });
    io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderExplanation(result, { file: match[1]!, line: Number(match[2]) }));
    return EXIT.ok;
  },
};
