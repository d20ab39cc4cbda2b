/**
 * Reports quote code; code sometimes holds real personal data as literals (a test user's address,
 * a hard-coded API key). Reports must not become a new leak, so literals that look like those are
 * masked wherever code text is copied into output.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /\+?\d[\d\s().-]{7,}\d/g;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const TOKEN_IN_QUOTES = /(['"`])([A-Za-z0-9_\-+/=.]{24,})\1/g;

export function redact(text: string): string {
  return text
    .replace(EMAIL, '<redacted-email>')
    .replace(IPV4, '<redacted-ip>')
    .replace(TOKEN_IN_QUOTES, (_, quote: string) => `${quote}<redacted-token>${quote}`)
    .replace(PHONE, (match) => (match.replace(/\D/g, '').length >= 8 ? '<redacted-number>' : match));
}
