import { PiiflowUserError, didYouMean } from '../model/errors';
import { TOOL_VERSION } from '../model/version';
import { baselineCommand } from './commands/baseline';
import { diffCommand } from './commands/diff';
import { explainCommand } from './commands/explain';
import { initCommand } from './commands/init';
import { mergeCommand } from './commands/merge';
import { scanCommand } from './commands/scan';
import type { Command } from './command';
import { EXIT, type Io } from './io';
import { optionsHelp, parseOptions } from './options';

export { EXIT, type Io } from './io';

const COMMANDS: readonly Command[] = [scanCommand, explainCommand, initCommand, baselineCommand, diffCommand, mergeCommand];

const EXIT_CODES = 'Exit codes: 0 no violations, 1 violations found, 2 usage or configuration error, 3 internal error.';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => `piiflow ${command.name} ${command.arguments}`.length)) + 2;
  const lines = COMMANDS.map((command) => `  ${`piiflow ${command.name} ${command.arguments}`.padEnd(width)}${command.summary}`);
  return `piiflow ${TOOL_VERSION}: find personal data sent to third-party SDKs

Usage:
${lines.join('\n')}
  piiflow --version | --help
  piiflow <command> --help          that command's options

Options for scan:
${optionsHelp(scanCommand.options)}

${EXIT_CODES}
`;
}

function commandHelp(command: Command): string {
  return `Usage: piiflow ${command.name} ${command.arguments}

${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.${command.details ? `\n\n${command.details}` : ''}

Options:
${optionsHelp(command.options)}
  -h, --help                print this help

${EXIT_CODES}
`;
}

/** Runs the CLI and returns its exit code; never calls process.exit, so tests can drive it. */
export function run(argv: readonly string[], io: Io): number {
  try {
    return dispatch(argv, io);
  } catch (error) {
    if (error instanceof PiiflowUserError) {
      io.stderr(`piiflow: ${error.format()}\n`);
      return EXIT.usage;
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`piiflow: internal error, please report it with the input that caused it:\n${stack}\n`);
    return EXIT.internal;
  }
}

function dispatch(argv: readonly string[], io: Io): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v' || name === '-V') {
    io.stdout(`${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    const hint = didYouMean(name, COMMANDS.map((candidate) => candidate.name));
    throw new PiiflowUserError(`unknown command "${name}"`, undefined, hint ? `did you mean "piiflow ${hint}"? See piiflow --help.` : 'see piiflow --help');
  }
  // --help is answered before anything else is checked or done: it never writes or scans.
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command));
    return EXIT.ok;
  }
  const { values, positionals } = parseOptions(rest, command.name, command.options);
  return command.run(values, positionals, io);
}
