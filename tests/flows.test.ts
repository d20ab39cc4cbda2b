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
});
