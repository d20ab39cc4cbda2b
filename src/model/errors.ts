import { printable } from './redact';

/** Where a user-facing problem is, 1-based, as editors and terminals print it. */
export interface SourcePosition {
  file: string;
  line?: number;
  column?: number;
}

/**
 * A mistake in what the user gave us (a policy, a catalog file, a path, a flag). It is printed
 * as `file:line:col: message` with no stack, and the CLI exits with code 2. Anything else that
 * is thrown is a bug in piiflow and keeps its stack.
 */
export class PiiflowUserError extends Error {
  readonly position: SourcePosition | undefined;
  readonly hint: string | undefined;
  /** The problem without its position: `unknown vendor "sentri"`. */
  readonly problem: string;

  constructor(problem: string, position?: SourcePosition, hint?: string) {
    // `message` says where, as the CLI prints it, for callers of the API that print only `message`.
    const where = position ? [position.file, position.line, position.column].filter((part) => part !== undefined).join(':') + ': ' : '';
    super(`${where}${problem}`);
    this.name = 'PiiflowUserError';
    this.problem = problem;
    this.position = position;
    this.hint = hint;
  }

  /** `file:line:col: message` plus the hint on its own line. */
  format(): string {
    // `message` already says where. The file name and the message may quote a scanned repository:
    // no control character reaches the terminal.
    return `${printable(this.message)}${this.hint ? `\n  ${printable(this.hint)}` : ''}`;
  }
}

/** Levenshtein distance, for "did you mean" hints on short identifiers. */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The closest known word, if it is close enough to be a plausible typo. */
export function didYouMean(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** What went wrong reading a file, in words (`the file does not exist`, `permission denied`). */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'the file does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ELOOP':
      return 'a symbolic link that cannot be followed';
    default:
      return (error as Error | undefined)?.message ?? String(error);
  }
}
