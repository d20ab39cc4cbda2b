import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from './helpers/piiflow';
import { compareWithMarkers, readExpectations } from './helpers/expectations';

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
