/** Exit codes: a public contract (README, "Exit codes"). */
export const EXIT = { ok: 0, violations: 1, usage: 2, internal: 3 } as const;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  /** Progress goes to stderr only on a terminal, and never in CI. */
  stderrIsTty?: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}
