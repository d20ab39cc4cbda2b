import type { Category } from '../model/categories';

/**
 * A string literal is personal data by its value, whatever name it is given: `{ name: 'jhon', email:
 * 'jhon@gmail.com' }` sends an e-mail address. Only shapes that are hard to mistake count: an e-mail address
 * whose mailbox is not a role (no-reply@, support@), an international phone number (+ and 8 to 15
 * digits), a public IPv4 address, and a card number that passes the Luhn check.
 */
export function literalCategory(text: string): Category | undefined {
  if (text.length < 7 || text.length > 254) return undefined;
  const email = /^([A-Za-z0-9._%+-]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.exec(text);
  if (email) return ROLE_MAILBOXES.has(email[1]!.toLowerCase().replace(/[._-]/g, '')) ? undefined : 'email';
  if (/^\+\d[\d ().-]{6,20}\d$/.test(text)) {
    const digits = text.replace(/\D/g, '').length;
    return digits >= 8 && digits <= 15 ? 'phone' : undefined;
  }
  const ip = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (ip) return isPublicIpv4(ip.slice(1).map(Number)) ? 'ip_address' : undefined;
  if (/^[3-6]\d{3}([ -]?\d{3,4}){2,4}$/.test(text)) {
    const digits = text.replace(/\D/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? 'payment' : undefined;
  }
  return undefined;
}

/** Mailboxes of a service, not of a person: a sender address or a team's inbox. */
const ROLE_MAILBOXES = new Set([
  'noreply', 'donotreply', 'hello', 'hi', 'support', 'help', 'ops', 'team', 'info', 'admin', 'alerts', 'alert', 'bot',
  'ci', 'billing', 'sales', 'contact', 'reports', 'finance', 'shop', 'login', 'news', 'newsletter', 'notifications',
  'notification', 'security', 'privacy', 'legal', 'marketing', 'accounts', 'jobs', 'careers', 'press', 'postmaster',
  'webmaster', 'abuse', 'mailerdaemon', 'root', 'service', 'feedback', 'orders', 'receipts', 'invoices', 'mail', 'dev',
]);

function isPublicIpv4([a, b, c, d]: number[]): boolean {
  if ([a, b, c, d].some((octet) => octet! > 255)) return false;
  if (a === 0 || a === 10 || a === 127 || a! >= 224) return false; // unspecified, private, loopback, multicast and reserved
  if (a === 169 && b === 254) return false; // link-local
  if (a === 172 && b! >= 16 && b! <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 100 && b! >= 64 && b! <= 127) return false; // carrier-grade NAT
  return true;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}
