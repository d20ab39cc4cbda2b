import type { Io } from './io';
import type { OptionName, OptionValues } from './options';

/** One `piiflow <name>` command: what its usage says, which options it reads, and what it does. */
export interface Command {
  name: string;
  /** `piiflow <name> <arguments>` as the usage shows it. */
  arguments: string;
  /** One line for the list of commands. */
  summary: string;
  /** What follows the usage line in `piiflow <name> --help`, before the options. */
  details?: string;
  options: readonly OptionName[];
  run(values: OptionValues, positionals: string[], io: Io): number;
}
