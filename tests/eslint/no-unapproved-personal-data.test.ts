import tsParser from '@typescript-eslint/parser';
import { RuleTester } from 'eslint';
import rule from '../../src/eslint/rules/no-unapproved-personal-data';

const hashedPolicy = { policy: 'tests/fixtures/policies/mixpanel-email-hashed.yaml' };
const allowAll = { policy: 'tests/fixtures/policies/allow-all-mixpanel.yaml' };
const plainHashPolicy = { policy: 'tests/fixtures/policies/mixpanel-email-plain-hash.yaml' };

const ruleTester = new RuleTester({ languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' } });

ruleTester.run('no-unapproved-personal-data', rule, {
  valid: [
    { name: 'an SDK call without personal data', code: `import mixpanel from 'mixpanel-browser';\nmixpanel.track('Viewed pricing', { plan: 'pro' });` },
    { name: 'a local object named like the SDK', code: `const mixpanel = { track(_e: string, _p: object) {} };\nexport const f = (user: { email: string }) => mixpanel.track('x', { email: user.email });` },
    { name: 'allowed by the policy', options: [allowAll], code: `import mixpanel from 'mixpanel-browser';\nexport const f = (user: { email: string }) => mixpanel.people.set({ $email: user.email });` },
    {
      name: 'anonymized as the policy requires: an HMAC with a key from the environment',
      options: [hashedPolicy],
      code: `import mixpanel from 'mixpanel-browser';\nimport { createHmac } from 'node:crypto';\nexport const f = (email: string) => mixpanel.track('x', { id: createHmac('sha256', process.env.EMAIL_HMAC_KEY!).update(email).digest('hex') });`,
    },
    {
      name: 'a plain hash where the policy accepts plain hashes',
      options: [plainHashPolicy],
      code: `import mixpanel from 'mixpanel-browser';\nimport { createHash } from 'node:crypto';\nexport const f = (email: string) => mixpanel.track('x', { id: createHash('sha256').update(email).digest('hex') });`,
    },
    {
      name: 'plain JavaScript through the default parser',
      languageOptions: { parser: undefined as never },
      code: `import mixpanel from 'mixpanel-browser';\nmixpanel.track('Opened');`,
    },
    {
      name: 'a removed field is not sent',
      options: [hashedPolicy],
      code: `import mixpanel from 'mixpanel-browser';\nexport function f(user: { email: string; plan: string }) { const { email, ...rest } = user; void email; mixpanel.track('x', rest); }`,
    },
  ],
  invalid: [
    {
      name: 'one short message per SDK call, at the call, with a removal suggestion per property written in it (issue 16, defect 7)',
      code: `import mixpanel from 'mixpanel-browser';\nexport const f = (user: { email: string; name: string }) => mixpanel.people.set({ $email: user.email, $name: user.name, plan: 'pro' });`,
      errors: [
        {
          message: 'Mixpanel receives email and name from mixpanel.people.set. No policy allows it: run `npx piiflow init`.',
          line: 2,
          column: 61,
          endLine: 2,
          endColumn: 135,
          suggestions: [
            {
              messageId: 'removeProperty',
              data: { field: '$email', vendor: 'Mixpanel' },
              output: `import mixpanel from 'mixpanel-browser';\nexport const f = (user: { email: string; name: string }) => mixpanel.people.set({ $name: user.name, plan: 'pro' });`,
            },
            {
              messageId: 'removeProperty',
              data: { field: '$name', vendor: 'Mixpanel' },
              output: `import mixpanel from 'mixpanel-browser';\nexport const f = (user: { email: string; name: string }) => mixpanel.people.set({ $email: user.email, plan: 'pro' });`,
            },
          ],
        },
      ],
    },
    {
      name: 'without a policy, the hint to run piiflow init comes once per file',
      code: `import * as Sentry from '@sentry/react';\nexport function f(user: { id: string; email: string; name: string }) {\n  Sentry.setUser({ id: user.id, email: user.email, username: user.name });\n  Sentry.setTag('who', user.email);\n}`,
      errors: [
        { message: 'Sentry receives user_id, email and name from Sentry.setUser. No policy allows it: run `npx piiflow init`.', line: 3, column: 3, suggestions: 3 },
        { message: 'Sentry receives email from Sentry.setTag. No policy allows it.', line: 4, column: 3, suggestions: [] },
      ],
    },
    {
      name: 'with a policy, the message says so and where the details are',
      options: [hashedPolicy],
      code: `import mixpanel from 'mixpanel-browser';\nexport const f = (user: { email: string }) => mixpanel.identify(user.email);`,
      errors: [{ message: 'Mixpanel receives email (allowed only hashed) from mixpanel.identify. The policy does not allow it: `piiflow explain` says why.', line: 2, column: 47, suggestions: [] }],
    },
    {
      name: 'a weak hash does not satisfy anonymize',
      options: [hashedPolicy],
      code: `import mixpanel from 'mixpanel-browser';\nimport { createHash } from 'node:crypto';\nexport const f = (email: string) => mixpanel.track('x', { h: createHash('md5').update(email).digest('hex') });`,
      errors: [
        {
          message: 'Mixpanel receives email (weak hash) from mixpanel.track. The policy does not allow it: `piiflow explain` says why.',
          suggestions: [{ messageId: 'removeProperty', output: `import mixpanel from 'mixpanel-browser';\nimport { createHash } from 'node:crypto';\nexport const f = (email: string) => mixpanel.track('x', {});` }],
        },
      ],
    },
    {
      name: 'a plain hash does not satisfy anonymize: the advice says how to key it or accept it',
      options: [hashedPolicy],
      code: `import mixpanel from 'mixpanel-browser';\nimport { sha256 } from 'js-sha256';\nexport const f = (email: string) => mixpanel.track('x', { h: sha256(email.trim().toLowerCase()) });`,
      errors: [
        {
          message: 'Mixpanel receives email (plain hash, reversible) from mixpanel.track. Key the hash (an HMAC) or accept it in the policy: `accept: plain-hash`.',
          suggestions: [{ messageId: 'removeProperty', output: `import mixpanel from 'mixpanel-browser';\nimport { sha256 } from 'js-sha256';\nexport const f = (email: string) => mixpanel.track('x', {});` }],
        },
      ],
    },
    {
      name: 'a salt written in the code does not key a hash',
      options: [hashedPolicy],
      code: `import mixpanel from 'mixpanel-browser';\nimport { sha256 } from 'js-sha256';\nconst SALT = 'k3y';\nexport const f = (email: string) => mixpanel.track('x', { h: sha256(SALT + email) });`,
      errors: [{ message: 'Mixpanel receives email (plain hash, reversible) from mixpanel.track. Key the hash (an HMAC) or accept it in the policy: `accept: plain-hash`.', suggestions: [{ messageId: 'removeProperty', output: `import mixpanel from 'mixpanel-browser';\nimport { sha256 } from 'js-sha256';\nconst SALT = 'k3y';\nexport const f = (email: string) => mixpanel.track('x', {});` }] }],
    },
    {
      name: 'plain JavaScript through the default parser, global SDK through window',
      languageOptions: { parser: undefined as never },
      code: `export function f(user) { window.gtag('event', 'login', { user_id: user.id }); }`,
      errors: [{ messageId: 'call', line: 1, column: 27, suggestions: [{ messageId: 'removeProperty', output: `export function f(user) { window.gtag('event', 'login', {}); }` }] }],
    },
    {
      name: 'what an SDK collects on its own under its options is in the call\'s message',
      code: `import * as Sentry from '@sentry/react';\nSentry.init({ dsn: 'x', sendDefaultPii: true });`,
      errors: [
        {
          message: 'Sentry receives credentials and ip_address (SDK-collected) from Sentry.init. No policy allows it: run `npx piiflow init`.',
          line: 2,
          column: 1,
          suggestions: [],
        },
      ],
    },
    {
      name: 'a hashed item says it is hashed; the callee keeps its spaces (issue 16, defect 6)',
      code: `import mixpanel from 'mixpanel-browser';\nimport * as amplitude from '@amplitude/analytics-browser';\nimport { createHash } from 'node:crypto';\nexport const f = (u: { email: string }) => mixpanel.track('x', { email_hash: createHash('sha256').update(u.email).digest('hex') });\nexport const g = (u: { email: string }) => amplitude.identify(new amplitude.Identify().set('email', u.email));`,
      errors: [
        {
          message: 'Mixpanel receives email (hashed) from mixpanel.track. No policy allows it: run `npx piiflow init`.',
          line: 4,
          suggestions: [{ messageId: 'removeProperty', output: `import mixpanel from 'mixpanel-browser';\nimport * as amplitude from '@amplitude/analytics-browser';\nimport { createHash } from 'node:crypto';\nexport const f = (u: { email: string }) => mixpanel.track('x', {});\nexport const g = (u: { email: string }) => amplitude.identify(new amplitude.Identify().set('email', u.email));` }],
        },
        { message: 'Amplitude receives email from new amplitude.Identify().set. No policy allows it.', line: 5, suggestions: [] },
      ],
    },
    {
      name: 'a policy with an unknown vendor is reported, not thrown',
      options: [{ policy: 'tests/fixtures/policies/unknown-vendor.yaml' }],
      code: `import mixpanel from 'mixpanel-browser';\nmixpanel.track('x');`,
      errors: [
        {
          message:
            'piiflow cannot check this file: tests/fixtures/policies/unknown-vendor.yaml:3:3: unknown vendor "mixpanl" did you mean "mixpanel"?',
          line: 1,
          column: 1,
        },
      ],
    },
  ],
});
