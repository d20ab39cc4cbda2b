import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PiiflowUserError } from '../../model/errors';
import { POLICY_FILE_NAME, findPolicyFile, initialPolicy } from '../../session/index';
import { scan, writeFileNoFollow } from '../../scanner/index';
import type { Command } from '../command';
import { EXIT } from '../io';

export const initCommand: Command = {
  name: 'init',
  arguments: '[folder] [--force]',
  summary: 'write a starting piiflow.policy.yaml that allows what the code sends today',
  options: ['force'],
  run(values, positionals, io) {
    if (positionals.length > 1) throw new PiiflowUserError('init takes one folder', undefined, 'piiflow init [folder] [--force]');
    const folder = resolve(io.cwd, positionals[0] ?? '.');
    const target = join(folder, POLICY_FILE_NAME);
    const shown = relative(io.cwd, target) || target;
    if (existsSync(target) && !values.force) {
      throw new PiiflowUserError('a policy already exists here', { file: shown }, 'edit it, or run piiflow init --force to replace it with what the code sends today');
    }
    // What the code sends, whatever any policy says: no policy file is read.
    const result = scan({ paths: [folder], cwd: io.cwd, noPolicy: true });
    const schema = relative(folder, join(io.cwd, 'node_modules', 'eslint-plugin-piiflow', 'rules', 'schemas', 'policy.schema.json')).split('\\').join('/');
    writeFileNoFollow(target, initialPolicy(result, new Date().toISOString().slice(0, 10), schema), { display: shown, exclusive: !values.force });
    const categories = new Set(result.flows.flatMap((flow) => flow.data.map((item) => `${flow.vendor} ${item.category}`)));
    warnAboutParent(folder, io);
    io.stdout(`Wrote ${shown}: ${result.summary.vendors.length} vendor${result.summary.vendors.length === 1 ? '' : 's'}, ${categories.size} vendor-category pair${categories.size === 1 ? '' : 's'} allowed as the code sends them today. Review it, then tighten it.\n`);
    return EXIT.ok;
  },
};

/**
 * A policy in a folder above judged these files until now; the new one replaces it for them
 * (policies do not inherit). Say so, with what the parent did not allow, so that a nested
 * policy never loosens a stricter one silently.
 */
function warnAboutParent(folder: string, io: Parameters<Command['run']>[2]): void {
  const parent = findPolicyFile(dirname(folder));
  if (!parent) return;
  const shown = relative(io.cwd, parent) || parent;
  let refused: number;
  try {
    refused = scan({ paths: [folder], cwd: io.cwd, policy: parent }).summary.violations;
  } catch {
    refused = -1;
  }
  const what = refused > 0 ? `; it does not allow ${refused} item${refused === 1 ? '' : 's'} that the new policy allows` : '';
  io.stderr(
    `piiflow: warning: ${shown} judged these files until now${what}. The new policy replaces it for ${relative(io.cwd, folder) || '.'} (policies do not inherit): copy what must still hold from it, or delete the new file to keep the parent's rules.\n`,
  );
}
