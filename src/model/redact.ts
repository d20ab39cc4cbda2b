/**
 * Reports quote code; code sometimes holds real personal data as literals (a test user's address,
 * a hard-coded API key). Reports must not become a new leak, so literals that look like those are
 * masked wherever code text is copied into output: every report, the cache, explain, suppression
 * reasons. Redaction always comes before any cut (`excerpt`), so that a cut cannot leave half a
 * secret that no longer looks like one.
 *
 * Every pattern here runs in linear time on any input (a scanned file is untrusted): each one can
 * start only where its run starts (a look-behind or a fixed prefix), so a long run of letters or
 * digits is tried once, not once per position.
 */
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** A run of digits and phone punctuation; masked when it holds 8 digits or more (see `maskNumber`). */
const NUMBER_RUN = /(?<![\d\s().+-])[\d\s().+-]{9,}/g;
/** The user-info part of a URL: `scheme://` then anything but `/`, space or `@`, up to the `@`. */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]{1,20}:\/\/)[^/\s@'"`]{1,512}@/gi;
/** A dotted IPv4 address (each part at most three digits, so matching stays linear). */
const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g;
const TOKEN_IN_QUOTES = /(['"`])([A-Za-z0-9_\-+/=.]{24,})\1/g;
/** Tokens recognised by their shape, quoted or not: HTTP bearer credentials, and prefixes vendors give their keys. */
const KNOWN_TOKENS: readonly RegExp[] = [
  /\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/-]{8,}=*/gi,
  /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,})/g,
  /(?<![A-Za-z0-9_])(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}/g,
  /(?<![A-Za-z0-9_])xox[abposr]-[A-Za-z0-9-]{10,}/g,
  /(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])/g,
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{30,}/g,
];

export function redact(text: string): string {
  // Credentials in a URL (a Sentry DSN `https://<key>@o1.ingest.sentry.io/2`, `postgres://user:pass@host`) are a
  // token, not an e-mail address: the host stays readable.
  let result = text.replace(URL_CREDENTIALS, (_, scheme: string) => `${scheme}<redacted-token>@`).replace(EMAIL, '<redacted-email>');
  for (const pattern of KNOWN_TOKENS) {
    result = result.replace(pattern, (match: string, scheme?: string, space?: string) =>
      typeof scheme === 'string' && typeof space === 'string' && /^(?:Bearer|Basic|Token)$/i.test(scheme) ? `${scheme}${space}<redacted-token>` : '<redacted-token>',
    );
  }
  return result
    .replace(IPV4, '<redacted-ip>')
    .replace(TOKEN_IN_QUOTES, (_, quote: string) => `${quote}<redacted-token>${quote}`)
    .replace(NUMBER_RUN, maskNumber);
}

/** From the first digit (with a `+` before it) to the last: the number, masked when it has 8 digits or more. */
function maskNumber(run: string): string {
  const first = run.search(/\+?\d/);
  if (first === -1) return run;
  let last = run.length - 1;
  while (last > first && !/\d/.test(run[last]!)) last--;
  const number = run.slice(first, last + 1);
  if (number.length < 9 || number.replace(/\D/g, '').length < 8) return run;
  return `${run.slice(0, first)}<redacted-number>${run.slice(last + 1)}`;
}

/** How much text beyond the cut is redacted with it: a secret longer than this and starting before the cut is not a literal anyone writes. */
const REDACTION_WINDOW = 4096;

/**
 * Code text for one line of a report: whitespace collapsed, redacted, then cut to `max`
 * characters. Redacting first means a secret or an address that crosses the cut is masked whole.
 */
export function excerpt(text: string, max = 80): string {
  const collapsed = text.slice(0, (max + REDACTION_WINDOW) * 4).replace(/\s+/g, ' ').trim();
  const window = collapsed.length > max + REDACTION_WINDOW ? collapsed.slice(0, max + REDACTION_WINDOW) : collapsed;
  const redacted = redact(window);
  return redacted.length > max || window.length < collapsed.length ? `${redacted.slice(0, max - 1)}…` : redacted;
}

/**
 * Text for a terminal: control characters (line breaks, tabs, ESC, which starts the sequences that clear the screen or
 * set the window's title, BEL, backspace, carriage return, the C1 range, bidi overrides) are shown
 * as `\u{…}` escapes, so that a file name or a key in a scanned repository cannot drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}
