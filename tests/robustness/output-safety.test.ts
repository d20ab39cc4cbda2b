import { readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { excerpt, printable, redact } from '../../src/model/redact';
import { compareCodePoints } from '../../src/model/order';
import { relativeUri } from '../../src/report/sarif';
import { renderInventoryCsv } from '../../src/report/inventory';
import { sourceExcerptReader } from '../../src/cli/excerpt';
import { renderHtml } from '../../src/report/html';
import { scan, type ScanResult } from '../helpers/piiflow';
import { runCli } from '../helpers/cli';
import { temporaryRepository } from '../helpers/repository';

/**
 * What reports copy out of a scanned repository: redacted before it is cut, safe for a terminal, a
 * URI, a spreadsheet, and ordered the same in every locale (issue 15, items 6, 11 and 12).
 */
const KEY = 'sk_live_51HfakeFAKEfake0123456789abcdXYZ';
const ADDRESS = 'jane.doe.private@example-mail.com';
const padding = 'x'.repeat(70);

describe('redaction: first redact, then cut', () => {
  it.each([
    ['an address across column 80', `Sentry.setUser({ id: user.id, ${padding}: '${ADDRESS}' })`, ['jane.doe', 'example-mail']],
    ['a live key across column 80', `Sentry.setUser({ id: user.id, ${padding}: '${KEY}' })`, ['sk_live_51H', 'fakeFAKE']],
    ['a bearer token', `fetch(url, { headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijk' } })`, ['eyJhbGci', 'abcdefghijk']],
    ['a GitHub token, unquoted', `// token ghp_abcdefghijklmnopqrstuvwxyz0123456789 here`, ['ghp_abcdef']],
    ['a phone number across the cut', `${padding}x call('+33 6 12 34 56 78')`, ['12 34 56']],
  ])('%s', (_, text, secrets) => {
    for (const max of [20, 40, 80, 200]) {
      const shown = excerpt(text, max);
      expect(shown.length).toBeLessThanOrEqual(max);
      for (const secret of secrets) expect(shown, `cut at ${max}`).not.toContain(secret);
    }
    for (const secret of secrets) expect(redact(text)).not.toContain(secret);
  });

  it('keeps ordinary code as it is', () => {
    expect(redact("mixpanel.track('Signed up', { plan: user.plan, count: 12 })")).toBe("mixpanel.track('Signed up', { plan: user.plan, count: 12 })");
    expect(redact('call(+33 6 12 34 56 78)')).toBe('call(<redacted-number>)');
    expect(redact('(555) 123-4567')).toBe('(<redacted-number>');
  });

  it('runs in linear time on runs that would make a naive pattern backtrack', () => {
    for (const text of ['a'.repeat(200_000), '1 '.repeat(100_000), `'${'a'.repeat(200_000)}`, `${'a.'.repeat(100_000)}@`, 'Bearer '.repeat(30_000)]) {
      const started = Date.now();
      redact(text);
      excerpt(text);
      // A quadratic pattern takes minutes on these; the margin is for a busy shared machine.
      expect(Date.now() - started, text.slice(0, 20)).toBeLessThan(3000);
    }
  });

  it('in a scan: the report, the trace and a suppression reason hold no secret, whatever the column', () => {
    const root = temporaryRepository({
      'a.ts': [
        "import * as Sentry from '@sentry/browser';",
        `export const f = (user: { email: string }) => Sentry.setUser({ email: user.email, ${padding}: '${ADDRESS}', k: '${KEY}' });`,
        `// piiflow-ignore-next-line approved by ${ADDRESS} with key ${KEY}`,
        'export const g = (user: { phone: string }) => Sentry.setUser({ phone: user.phone });',
        '',
      ].join('\n'),
    });
    const json = JSON.stringify(scan({ paths: [root] }));
    for (const secret of ['jane.doe', 'example-mail', 'sk_live_51H', 'fakeFAKE']) expect(json).not.toContain(secret);
    expect(json).toContain('<redacted-email>');
    for (const format of ['text', 'sarif', 'html', 'markdown']) {
      const out = runCli(['scan', root, '--format', format], root).stdout;
      for (const secret of ['jane.doe', 'sk_live_51H']) expect(out, format).not.toContain(secret);
    }
  });
});

describe('terminal, URI and spreadsheet injection', () => {
  it('shows control characters in file names and keys as escapes in the text report and in errors', () => {
    expect(printable('a\u001b]0;pwned\u0007b\u001b[2Jc\r\n')).toBe('a\\u{1b}]0;pwned\\u{7}b\\u{1b}[2Jc\\u{d}\\u{a}');
    const root = temporaryRepository({ 'evil\u001b[2J\u001b]0;title\u0007.ts': "import * as Sentry from '@sentry/browser';\nexport const f = (u: { email: string }) => Sentry.setUser({ ['e\u001b[31m']: u.email, email: u.email });\n" });
    const run = runCli(['scan', root], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('evil\\u{1b}[2J');
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toContain('\u0007');
    const missing = runCli(['scan', 'nope\u001b[2J'], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).not.toContain('\u001b');
  });

  it('percent-encodes SARIF URIs, so # and ? stay in the path', () => {
    expect(relativeUri('src/a#b?c d%.ts')).toBe('src/a%23b%3Fc%20d%25.ts');
    expect(relativeUri('données/アプリ.ts')).toBe(encodeURI('données/アプリ.ts'));
    const root = temporaryRepository({ 'src/a#1?x.ts': "import * as Sentry from '@sentry/browser';\nexport const f = (u: { email: string }) => Sentry.setUser({ email: u.email });\n" });
    const sarif = JSON.parse(runCli(['scan', root, '--format', 'sarif'], root).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uri = sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
    expect(uri).toBe('src/a%231%3Fx.ts');
    expect(new URL(uri, 'file:///root/').pathname).toBe('/root/src/a%231%3Fx.ts');
  });

  it('neutralises CSV cells that a spreadsheet would evaluate, also behind a tab or a carriage return', () => {
    const result = {
      flows: [],
      summary: { vendors: [{ vendor: 'v', name: '\t=HYPERLINK("http://x")', calls: 0, categories: [], violations: 0, purpose: '\r=1+1', legalBasis: '@SUM(1)', retention: '-1', region: '+1' }] },
    } as unknown as ScanResult;
    const csv = renderInventoryCsv({ ...result, flows: [{ vendor: 'v', sink: { file: 'a.ts', line: 1, column: 1 }, data: [{ category: 'email', field: 'e', anonymized: false, verdict: 'allowed' }] }] } as unknown as ScanResult);
    for (const cell of csv.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) expect(cell.replace(/^"/, '')).not.toMatch(/^[\t\r]?[=+\-@]/);
  });
});

describe('ordering by code point, not by locale', () => {
  it('compares code points', () => {
    const words = ['ö', 'z', 'Z', 'a', 'é', '\u{1F600}', '\uFF21', 'ab', 'a'];
    expect([...words].sort(compareCodePoints)).toEqual(['Z', 'a', 'a', 'ab', 'z', 'é', 'ö', '\uFF21', '\u{1F600}']);
  });

  it('no localeCompare or Intl.Collator orders anything in src', () => {
    const hits = sources(join(__dirname, '..', '..', 'src')).filter((file) => /\.localeCompare\(|Intl\.Collator/.test(readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')));
    expect(hits).toEqual([]);
  });
});

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : []));
}

describe('HTML code excerpts (sourceExcerptReader, for the html format)', () => {
  it('come only from source files inside the scanned folder, each line redacted before it is cut', () => {
    const root = temporaryRepository({
      '.env': 'STRIPE_KEY=sk_live_abcdefghijklmnop\n',
      'a.ts': `const x = 1;\n${' '.repeat(190)}const key = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijk';\nexport {};\n`,
      'outside.ts': '',
    });
    symlinkSync('/etc/hostname', join(root, 'link.ts'));
    const read = sourceExcerptReader(root);
    expect(read('.env', 1)).toBeUndefined();
    expect(read('../../../etc/passwd', 1)).toBeUndefined();
    expect(read('link.ts', 1)).toBeUndefined();
    const shown = read('a.ts', 2)!;
    expect(shown.start).toBe(1);
    expect(shown.lines[1]!.length).toBeLessThanOrEqual(200);
    expect(shown.lines.join('\n')).not.toContain('eyJhbGci');
  });

  it('a merged shard whose sink.file is .env embeds nothing of it', () => {
    const root = temporaryRepository({ '.env': 'SECRET_TOKEN=very-secret-value-123\n' });
    const result = {
      version: 1, tool: { name: 'piiflow', version: '0' }, policy: null, policies: [], skipped: [], problems: [],
      flows: [{ vendor: 'sentry', verdict: 'allowed', sink: { file: '.env', line: 1, column: 1, endLine: 1, endColumn: 2, call: 'x', method: 'x', through: 'x' }, data: [] }],
      summary: { filesScanned: 1, filesSkipped: 0, flows: 1, dataItems: 0, violations: 0, suppressed: 0, vendors: [{ vendor: 'sentry', name: 'Sentry', calls: 1, categories: [], violations: 0 }] },
    } as unknown as ScanResult;
    expect(renderHtml(result, { excerpt: sourceExcerptReader(root) })).not.toContain('very-secret-value');
  });
});

describe('URL credentials', () => {
  it('a Sentry DSN is redacted as a token, not as an e-mail address, and its host stays readable', () => {
    expect(redact("Sentry.init({ dsn: 'https://0123456789abcdef0123456789abcdef@o450.ingest.sentry.io/5' })")).toBe("Sentry.init({ dsn: 'https://<redacted-token>@o450.ingest.sentry.io/5' })");
    expect(redact('postgres://app:s3cret@db.internal:5432/app')).toBe('postgres://<redacted-token>@db.internal:5432/app');
    expect(redact('mail jane.doe@example.com')).toBe('mail <redacted-email>');
  });
});
