import { describe, expect, it } from 'vitest';
import { looksMinified, parseMaxFileSize } from '../../src/scanner/limits';
import { explain } from '../../src/session/index';
import { scan } from '../helpers/piiflow';
import { temporaryRepository } from '../helpers/repository';

/** Silent losses through limits (issue 15, item 10): a size that rounds to nothing, a comment that makes code look minified. */
const leak = "import * as Sentry from '@sentry/browser';\nexport const f = (user: { email: string }) => Sentry.setUser({ email: user.email });\n";
const longComment = `// ${'x'.repeat(20_001)}\n${leak}`;

describe('--max-file-size', () => {
  it.each(['0.0001', '0', '-1', '', 'abc', 'Infinity', '2e9'])('refuses %j', (value) => {
    expect(() => parseMaxFileSize(value)).toThrow(/--max-file-size takes a number of KiB from 1 to/);
  });
  it('rounds up, never down to nothing', () => {
    expect(parseMaxFileSize('1')).toBe(1024);
    expect(parseMaxFileSize('1.0001')).toBe(1025);
    expect(parseMaxFileSize('2048')).toBe(2 * 1024 * 1024);
  });
});

describe('minified or not', () => {
  it('a 20,001-character comment does not make a four-line file minified', () => {
    expect(looksMinified(longComment)).toBeUndefined();
    expect(looksMinified(`/* ${'y'.repeat(50_000)} */\n${leak}`)).toBeUndefined();
  });
  it('a real bundle still is, unless it names an SDK', () => {
    const bundle = `var a=1;${'a.b(c,d);'.repeat(120_000)}`;
    expect(looksMinified(bundle)).toMatch(/^looks minified or generated \(1 line, longest \d+ characters of code\)/);
    expect(looksMinified(`${bundle}require("@sentry/browser")`, { namesSdk: (text) => text.includes('@sentry/browser') })).toBeUndefined();
  });
  it('is linear on long input', () => {
    const started = Date.now();
    looksMinified(`${'/*x*/'.repeat(400_000)}`);
    looksMinified('`'.repeat(2_000_000));
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('explain /dev/zero:1 is refused at once, as not a regular file', () => {
    expect(() => explain('/dev/zero', 1)).toThrow(/not a regular file/);
  });

  it('in a scan, the violation behind a long comment is found', () => {
    const root = temporaryRepository({ 'a.ts': longComment });
    expect(scan({ paths: [root] }).summary.violations).toBe(1);
  });
});
