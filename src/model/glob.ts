/**
 * gitignore-style patterns (a repository's `.gitignore` files, a policy's `overrides.files` and
 * `ignore.files`) matched in time linear in the path: a pattern is compiled to a list of segment
 * matchers and run as a set of states over the path's segments (no regular expression, no
 * backtracking across segments), and within a segment `*` is matched with the two-pointer method,
 * at most (segment length x pattern length) steps. The `ignore` package it replaces turned
 * `**\/a/**\/a/**\/a/...` into a regular expression that backtracked for minutes on a deep path.
 *
 * Semantics follow gitignore(5), as the `ignore` package applies them: `#` comments, `!`
 * negation (the last matching line wins; nothing under an ignored folder comes back), a trailing
 * `/` for folders only, a `/` at the start or in the middle anchors the pattern to its base
 * folder (else it matches at any depth), `**` as a whole segment for any number of folders,
 * `*`, `?`, `[a-z]`, `[!a]` and `\` escapes within a segment; matching ignores case by default.
 */

type SegmentMatcher = { kind: 'any-folders' } | { kind: 'segment'; parts: Part[] };
type Part = { kind: 'star' } | { kind: 'any' } | { kind: 'char'; char: string } | { kind: 'class'; test: (char: string) => boolean };

const STAR: Part = { kind: 'star' };
const NO_STATES: ReadonlySet<number> = new Set();
const ANY: Part = { kind: 'any' };

interface Rule {
  negated: boolean;
  directoryOnly: boolean;
  /** Ends in `/**`: matches what is inside, at least one segment. */
  tokens: SegmentMatcher[];
}

export interface GlobOptions {
  ignoreCase?: boolean;
}

export class GlobList {
  private readonly rules: Rule[] = [];
  private readonly ignoreCase: boolean;

  /**
   * Per rule, for a rule of one segment at any depth (`node_modules`, `*.log`, the most common kind):
   * that segment, which matches a path's prefix exactly when it matches the prefix's last segment
   * (no set of states needed).
   */
  private readonly anyDepth: (Part[] | undefined)[] = [];

  constructor(patterns: string | readonly string[], options: GlobOptions = {}) {
    this.ignoreCase = options.ignoreCase ?? true;
    const lines = typeof patterns === 'string' ? patterns.split(/\r?\n/) : patterns;
    for (const line of lines) {
      const rule = compileRule(line, this.ignoreCase);
      if (!rule) continue;
      this.rules.push(rule);
      const [first, second] = rule.tokens;
      this.anyDepth.push(rule.tokens.length === 2 && first!.kind === 'any-folders' && second!.kind === 'segment' ? second!.parts : undefined);
    }
  }

  get size(): number {
    return this.rules.length;
  }

  /**
   * Whether a path (relative to the patterns' folder, `/`-separated, a trailing `/` for a folder)
   * is matched: by a line that matches it or one of its folders, and not re-included after.
   */
  ignores(path: string): boolean {
    if (this.rules.length === 0) return false;
    const isFolder = path.endsWith('/');
    const segments = path.split('/').filter((segment) => segment !== '');
    if (segments.length === 0) return false;
    const subject = this.ignoreCase ? segments.map((segment) => segment.toLowerCase()) : segments;
    const anyDepth = this.anyDepth;
    let states = this.rules.map((rule, ruleIndex) => (anyDepth[ruleIndex] ? NO_STATES : closure(rule.tokens, [0])));
    for (let index = 0; index < subject.length; index++) {
      const segment = subject[index]!;
      states = states.map((set, ruleIndex) => (anyDepth[ruleIndex] ? set : step(this.rules[ruleIndex]!.tokens, set, segment)));
      const last = index === subject.length - 1;
      const folder = !last || isFolder;
      let ignored = false;
      this.rules.forEach((rule, ruleIndex) => {
        if (rule.directoryOnly && !folder) return;
        const parts = anyDepth[ruleIndex];
        if (parts ? matchSegment(parts, segment) : states[ruleIndex]!.has(rule.tokens.length)) ignored = !rule.negated;
      });
      if (ignored) return true;
    }
    return false;
  }
}

/** The states reachable without consuming a segment: `**` may match no folder at all. */
function closure(tokens: readonly SegmentMatcher[], from: Iterable<number>): Set<number> {
  const result = new Set<number>();
  const pending = [...from];
  while (pending.length) {
    const state = pending.pop()!;
    if (result.has(state)) continue;
    result.add(state);
    const token = tokens[state];
    // A trailing `**` must match at least one segment (`a/**` is what is inside `a`, not `a`).
    if (token?.kind === 'any-folders' && state < tokens.length - 1) pending.push(state + 1);
  }
  return result;
}

function step(tokens: readonly SegmentMatcher[], states: ReadonlySet<number>, segment: string): Set<number> {
  const next: number[] = [];
  for (const state of states) {
    const token = tokens[state];
    if (!token) continue;
    if (token.kind === 'any-folders') {
      next.push(state);
      if (state === tokens.length - 1) next.push(state + 1);
    } else if (matchSegment(token.parts, segment)) {
      next.push(state + 1);
    }
  }
  return closure(tokens, next);
}

/** `*` and one-character parts against one segment, two pointers: O(segment x parts), never exponential. */
function matchSegment(parts: readonly Part[], text: string): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    const part = parts[p];
    if (part && part.kind !== 'star' && (part.kind === 'any' || (part.kind === 'char' ? part.char === text[t] : part.test(text[t]!)))) {
      p++;
      t++;
    } else if (part?.kind === 'star') {
      starAt = p++;
      resumeAt = t;
    } else if (starAt !== -1) {
      p = starAt + 1;
      t = ++resumeAt;
    } else {
      return false;
    }
  }
  while (parts[p]?.kind === 'star') p++;
  return p === parts.length;
}

function compileRule(raw: string, ignoreCase: boolean): Rule | undefined {
  // Trailing spaces are dropped unless escaped (a loop, not /[ \t]+$/, which is quadratic on a long run of spaces).
  let end = raw.endsWith('\r') ? raw.length - 1 : raw.length;
  while (end > 0 && (raw[end - 1] === ' ' || raw[end - 1] === '\t') && raw[end - 2] !== '\\') end--;
  let line = raw.slice(0, end);
  if (/\\[ \t]$/.test(line)) line = `${line.slice(0, -2)}${line.slice(-1)}`;
  if (line === '' || line.startsWith('#')) return undefined;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let directoryOnly = false;
  if (line.endsWith('/') && !line.endsWith('\\/')) {
    directoryOnly = true;
    // One slash only, as git does: `a//` keeps an empty last segment and matches nothing.
    line = line.slice(0, -1);
  }
  if (line === '') return undefined;
  const anchored = line.includes('/');
  // An empty segment (`a//b`) is kept: it matches no real folder name, as in git.
  const segments = splitSegments(line.replace(/^\//, ''));
  if (segments.length === 0 || (segments.length === 1 && segments[0] === '')) return undefined;
  const tokens: SegmentMatcher[] = [];
  if (!anchored) tokens.push({ kind: 'any-folders' });
  for (const segment of segments) {
    if (segment === '**') {
      if (tokens[tokens.length - 1]?.kind !== 'any-folders') tokens.push({ kind: 'any-folders' });
    } else {
      tokens.push({ kind: 'segment', parts: compileSegment(segment, ignoreCase) });
    }
  }
  // `**` alone (or `/**`) is everything.
  return { negated, directoryOnly, tokens };
}

/** Splits at `/`, except inside a `[...]` class (where a `/` can never match, but must not cut the class). */
function splitSegments(pattern: string): string[] {
  const segments: string[] = [];
  let start = 0;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') index++;
    else if (char === '[') {
      const end = classEnd(pattern, index);
      if (end !== -1) index = end;
    } else if (char === '/') {
      segments.push(pattern.slice(start, index));
      start = index + 1;
    }
  }
  segments.push(pattern.slice(start));
  return segments;
}

function compileSegment(segment: string, ignoreCase: boolean): Part[] {
  const parts: Part[] = [];
  const fold = (char: string) => (ignoreCase ? char.toLowerCase() : char);
  for (let index = 0; index < segment.length; index++) {
    const char = segment[index]!;
    if (char === '\\' && index + 1 < segment.length) {
      parts.push({ kind: 'char', char: fold(segment[++index]!) });
    } else if (char === '*') {
      if (parts[parts.length - 1]?.kind !== 'star') parts.push(STAR);
    } else if (char === '?') {
      parts.push(ANY);
    } else if (char === '[') {
      const end = classEnd(segment, index);
      if (end === -1) {
        parts.push({ kind: 'char', char: '[' });
        continue;
      }
      parts.push({ kind: 'class', test: compileClass(segment.slice(index + 1, end), ignoreCase) });
      index = end;
    } else {
      parts.push({ kind: 'char', char: fold(char) });
    }
  }
  return parts;
}

/** The index of the `]` closing a class opened at `start`, or -1 (then `[` is literal). */
function classEnd(segment: string, start: number): number {
  let index = start + 1;
  if (segment[index] === '!' || segment[index] === '^') index++;
  if (segment[index] === ']') index++;
  for (; index < segment.length; index++) {
    if (segment[index] === '\\') index++;
    else if (segment[index] === ']') return index;
  }
  return -1;
}

function compileClass(body: string, ignoreCase: boolean): (char: string) => boolean {
  let negated = false;
  let index = 0;
  if (body[0] === '!' || body[0] === '^') {
    negated = true;
    index = 1;
  }
  const ranges: [string, string][] = [];
  while (index < body.length) {
    let from = body[index]!;
    if (from === '\\' && index + 1 < body.length) from = body[++index]!;
    index++;
    if (body[index] === '-' && index + 1 < body.length) {
      let to = body[index + 1]!;
      index += 2;
      if (to === '\\' && index < body.length) to = body[index++]!;
      ranges.push([from, to]);
    } else {
      ranges.push([from, from]);
    }
  }
  return (char) => {
    const candidates = ignoreCase ? [char, char.toLowerCase(), char.toUpperCase()] : [char];
    // As in git's wildmatch, a reversed range (`[b- ]`) still matches its first character.
    const inside = candidates.some((c) => ranges.some(([from, to]) => c === from || (c >= from && c <= to)));
    return inside !== negated;
  };
}
