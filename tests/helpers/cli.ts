import { run } from '../../src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as the bin does, capturing its output. */
export function runCli(args: string[], cwd: string, options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}): CliRun {
  let stdout = '';
  let stderr = '';
  const code = run(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTty: options.tty ?? false,
    env: options.env ?? {},
    cwd,
  });
  return { code, stdout, stderr };
}
