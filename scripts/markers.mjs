// Expectations written beside the code they describe (Semgrep-style), shared by the tests and
// `npm run accuracy`:
//   mixpanel.identify(user.id);   // expect: mixpanel user_id @direct
//   track('x', { e: hash(email) }); // expect: mixpanel email* @hashed      (* = anonymized)
//   a(); // expect: segment email @wrapper; posthog email @wrapper          (several vendors)
//   wrapper(user);                // todo-expect: mixpanel email            (a known miss, kept visible)
//   local.track({ email });       // decoy                                  (must not be reported)
// A line without `expect` expects no personal data to reach any vendor there.
import { readFileSync } from 'node:fs';

const MARKER = /\/\/\s*(todo-)?expect:\s*(.+)$/;
const DECOY = /\/\/\s*decoy\b/;

/** @returns {{ line: number, vendor: string, data: string[], kinds: string[], todo: boolean }[]} */
export function readExpectations(file) {
  const expectations = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((text, index) => {
      const match = MARKER.exec(text);
      if (!match) return;
      for (const clause of match[2].split(';')) {
        const words = clause.trim().split(/\s+/).filter(Boolean);
        const [vendor, ...rest] = words;
        expectations.push({
          line: index + 1,
          vendor,
          data: rest.filter((word) => !word.startsWith('@')).sort(),
          kinds: rest.filter((word) => word.startsWith('@')).map((word) => word.slice(1)),
          todo: Boolean(match[1]),
        });
      }
    });
  return expectations;
}

/** Lines marked `// decoy`: look-alikes that must never be reported. */
export function readDecoys(file) {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .flatMap((text, index) => (DECOY.test(text) ? [index + 1] : []));
}
