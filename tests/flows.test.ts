import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from './helpers/piiflow';
import { compareWithMarkers, readExpectations } from './helpers/expectations';
import { temporaryRepository } from './helpers/repository';

const dir = join(__dirname, 'fixtures', 'flows');

describe('data flow inside a file', () => {
  it.each(readdirSync(dir).filter((name) => name.endsWith('.ts')))('%s', (name) => {
    const file = join(dir, name);
    expect(readExpectations(file).length).toBeGreaterThan(3);
    const result = scan({ paths: [file] });
    expect(result.skipped).toEqual([]);
    expect(compareWithMarkers(file, result.flows)).toEqual([]);
  });

  it('marks md5 without a key as weak and an HMAC as strong', () => {
    const result = scan({ paths: [join(dir, 'anonymizers.ts')] });
    const anonymizers = result.flows.flatMap((flow) => flow.data.filter((item) => item.anonymized).map((item) => `${flow.sink.line} ${item.anonymizer}${item.weakAnonymizer ? ' weak' : ''}`));
    expect(anonymizers).toEqual(['15 sha256', '16 sha512', '17 hmac-sha256', '18 sha256', '19 md5 weak', '21 subtle.digest', '22 hmac-sha256']);
  });

  it('tells keyed hashes (an HMAC, a salt from the environment) from plain, weak and name-only ones', () => {
    const result = scan({ paths: [join(dir, 'hash-strength.ts')] });
    const strengths = result.flows.flatMap((flow) =>
      flow.data.map((item) => `${flow.sink.line} ${item.anonymizer} ${item.anonymizerStrength}${item.anonymizerNote ? ` (${item.anonymizerNote})` : ''}${item.weakAnonymizer ? ' weakAnonymizer' : ''}`),
    );
    expect(strengths).toEqual([
      '17 sha256 plain',
      '18 sha256 plain',
      '19 hmac-sha256 keyed (key process.env.ANALYTICS_HMAC_KEY)',
      '20 hmac-sha256 plain (key written in the code)',
      '21 sha256 keyed (salted with process.env.HASH_SALT)',
      '22 sha256 keyed (salted with process.env.HASH_PEPPER)',
      '23 sha256 plain (salt SALT written in the code)',
      '24 sha256 plain (salt process.env.NEXT_PUBLIC_HASH_SALT shipped to the browser)',
      '26 subtle.digest plain',
      '28 subtle.digest keyed (salted with process.env.PHONE_HASH_SECRET)',
      '31 subtle.sign keyed (key process.env.ANALYTICS_HMAC_KEY)',
      '32 sha256 plain',
      '33 hmac-sha256 keyed (key process.env.EMAIL_HMAC_KEY)',
      '34 hmac-sha256 plain (key written in the code)',
      '35 hmac-sha256 keyed (key process.env.ANALYTICS_HMAC_KEY)',
      '36 object-hash(sha1) weak weakAnonymizer',
      '37 md5 keyed (salted with process.env.MD5_SALT)',
      '38 hashedEmail (by name) unknown',
      '39 sha256 keyed (salted with config.hashSalt)',
      '40 bcrypt plain',
      '41 sha256 plain',
      '42 md5 weak weakAnonymizer',
      '43 sha256 plain (salt import.meta.env.VITE_HASH_SALT shipped to the browser)',
      '44 sha256 keyed (salted with import.meta.env.HASH_SALT)',
    ]);
  });
});

describe('JSX content', () => {
  it('an e-mail rendered from a React component carries what its attributes and children hold', () => {
    const folder = temporaryRepository({
      'src/emails/welcome.tsx': [
        'export function WelcomeEmail({ fullName, ip }: { fullName: string; ip: string }) {',
        '  return <p>Hello {fullName}, a new key was created from {ip}.</p>;',
        '}',
        '',
      ].join('\n'),
      'src/send.tsx': [
        "import { Resend } from 'resend';",
        "import { WelcomeEmail } from './emails/welcome';",
        'const resend = new Resend(process.env.RESEND_KEY);',
        'export async function welcome(user: { email: string; name: string }, geo: { ip: string }) {',
        "  await resend.emails.send({ from: 'bot@app.example', to: user.email, subject: 'Welcome', react: <WelcomeEmail fullName={user.name} ip={geo.ip} /> });",
        "  await resend.emails.send({ from: 'bot@app.example', to: user.email, subject: 'Key', react: WelcomeEmail({ fullName: user.name, ip: geo.ip }) });",
        "  await resend.emails.send({ from: 'bot@app.example', to: 'ops@app.example', subject: 'Digest', react: <p>Nightly digest</p> });",
        '}',
        '',
      ].join('\n'),
    });
    const result = scan({ paths: [folder], cwd: folder });
    const found = result.flows.filter((flow) => flow.sink.file === 'src/send.tsx').map((flow) => `${flow.sink.line} ${[...new Set(flow.data.map((item) => item.category))].sort().join(' ')}`);
    expect(found).toEqual(['5 email ip_address name', '6 email ip_address name', '7 ']);
  });
});

describe('objects of unknown shape', () => {
  it('name the object each item stands for, and two spread into one argument are two items with their own fingerprints', () => {
    const result = scan({ paths: [join(dir, 'unknown-shapes.ts')] });
    const both = result.flows.find((flow) => flow.sink.line === 16)!;
    expect(both.data.map((item) => `${item.category} ${item.field} ${item.unknownShape} ${item.origin}`)).toEqual(['unclassified properties req.query shape', 'unclassified properties req.body shape']);
    expect(both.data[0]!.fingerprint).not.toBe(both.data[1]!.fingerprint);
  });
});
