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
      name: 'a property of an object literal in the call: reported on the property, with a removal suggestion',
      code: `import mixpanel from 'mixpanel-browser';\nexport const f = (user: { email: string }) => mixpanel.people.set({ $email: user.email, plan: 'pro' });`,
      errors: [
        {
          message:
            '$email (email) is sent to Mixpanel by mixpanel.people.set: no piiflow.policy.yaml allows email for Mixpanel. Remove it, anonymize it, or allow email for mixpanel: `npx piiflow init` writes a policy that allows what the code sends today.',
          line: 2,
          column: 69,
          endLine: 2,
          endColumn: 87,
          suggestions: [
            {
              messageId: 'removeProperty',
              data: { field: '$email', vendor: 'Mixpanel' },
              output: `import mixpanel from 'mixpanel-browser';\nexport const f = (user: { email: string }) => mixpanel.people.set({ plan: 'pro' });`,
            },
          ],
        },
      ],
    },
    {
      name: 'the user id set to the e-mail address is an e-mail address',
      options: [hashedPolicy],
      code: `import mixpanel from 'mixpanel-browser';\nexport const f = (user: { email: string }) => mixpanel.identify(user.email);`,
      errors: [
        {
          messageId: 'notAllowed',
          data: {
            item: 'user.email (email)',
            vendor: 'Mixpanel',
            call: 'mixpanel.identify',
            reason: 'vendors.mixpanel.anonymize allows email for Mixpanel only anonymized (a keyed hash such as an HMAC)',
            trail: '',
            advice: 'Hash it with a secret key before sending (e.g. an HMAC-SHA256 with a key from the environment).',
          },
          line: 2,
          column: 65,
          suggestions: [],
        },
      ],
    },
    {
      name: 'a value that travelled says where it came from',
      code: `import * as Sentry from '@sentry/react';\nexport function f(user: { email: string }) {\n  const who = user.email;\n  Sentry.setUser({ email: who });\n}`,
      errors: [
        {
          message:
            'email is sent to Sentry by Sentry.setUser: no piiflow.policy.yaml allows email for Sentry. It comes from `user.email` (line 3), 1 hop away. Remove it, anonymize it, or allow email for sentry: `npx piiflow init` writes a policy that allows what the code sends today.',
          line: 4,
          column: 20,
          suggestions: [{ messageId: 'removeProperty', output: `import * as Sentry from '@sentry/react';\nexport function f(user: { email: string }) {\n  const who = user.email;\n  Sentry.setUser({});\n}` }],
        },
      ],
    },
    {
      name: 'a weak hash does not satisfy anonymize',
      options: [hashedPolicy],
      code: `import mixpanel from 'mixpanel-browser';\nimport { createHash } from 'node:crypto';\nexport const f = (email: string) => mixpanel.track('x', { h: createHash('md5').update(email).digest('hex') });`,
      errors: [
        {
          messageId: 'notAllowed',
          data: {
            item: 'h (email, pseudonymized with a weak md5)',
            vendor: 'Mixpanel',
            call: 'mixpanel.track',
            reason: 'md5 without a key is a weak hash that lookup tables reverse; vendors.mixpanel.anonymize needs a keyed hash (an HMAC, or a salt from the environment)',
            trail: ' It comes from `email` (line 3), 1 hop away.',
            advice: 'Use sha256 with a secret key (HMAC) instead.',
          },
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
          message:
            'h (email, pseudonymized with a plain sha256) is sent to Mixpanel by mixpanel.track: sha256 without a secret key is a plain hash that anyone can reverse by hashing candidate values; vendors.mixpanel.anonymize needs a keyed hash for email (an HMAC, or a salt from the environment), or accept: plain-hash. It comes from `email` (line 3), 1 hop away. Hash it with a secret key (an HMAC-SHA256 with a key from the environment), or accept plain hashes of email for mixpanel: write { category: email, accept: plain-hash } under vendors.mixpanel.anonymize in piiflow.policy.yaml.',
          suggestions: [{ messageId: 'removeProperty', output: `import mixpanel from 'mixpanel-browser';\nimport { sha256 } from 'js-sha256';\nexport const f = (email: string) => mixpanel.track('x', {});` }],
        },
      ],
    },
    {
      name: 'a salt written in the code does not key a hash',
      options: [hashedPolicy],
      code: `import mixpanel from 'mixpanel-browser';\nimport { sha256 } from 'js-sha256';\nconst SALT = 'k3y';\nexport const f = (email: string) => mixpanel.track('x', { h: sha256(SALT + email) });`,
      errors: [{ messageId: 'notAllowed', data: { item: 'h (email, pseudonymized with a plain sha256)', vendor: 'Mixpanel', call: 'mixpanel.track', reason: 'sha256 (salt SALT written in the code) without a secret key is a plain hash that anyone can reverse by hashing candidate values; vendors.mixpanel.anonymize needs a keyed hash for email (an HMAC, or a salt from the environment), or accept: plain-hash', trail: ' It comes from `email` (line 4), 1 hop away.', advice: 'Hash it with a secret key (an HMAC-SHA256 with a key from the environment), or accept plain hashes of email for mixpanel: write { category: email, accept: plain-hash } under vendors.mixpanel.anonymize in piiflow.policy.yaml.' }, suggestions: [{ messageId: 'removeProperty', output: `import mixpanel from 'mixpanel-browser';\nimport { sha256 } from 'js-sha256';\nconst SALT = 'k3y';\nexport const f = (email: string) => mixpanel.track('x', {});` }] }],
    },
    {
      name: 'plain JavaScript through the default parser, global SDK through window',
      languageOptions: { parser: undefined as never },
      code: `export function f(user) { window.gtag('event', 'login', { user_id: user.id }); }`,
      errors: [{ messageId: 'notAllowed', line: 1, column: 59, suggestions: [{ messageId: 'removeProperty', output: `export function f(user) { window.gtag('event', 'login', {}); }` }] }],
    },
    {
      name: 'what an SDK collects on its own under its options is reported at the option, once for all its categories',
      code: `import * as Sentry from '@sentry/react';\nSentry.init({ dsn: 'x', sendDefaultPii: true });`,
      errors: [
        {
          message:
            "Sentry collects credentials and ip_address on its own under Sentry.init: users' IP addresses, cookies and request headers (sendDefaultPii: true). No piiflow.policy.yaml allows credentials, ip_address for Sentry. Change the SDK's options, or allow credentials, ip_address for sentry: `npx piiflow init` writes a policy that allows what the code sends today.",
          line: 2,
          column: 25,
          suggestions: [],
        },
      ],
    },
    {
      name: 'a hashed item says it is hashed and suggests anonymize; the callee keeps its spaces (issue 16, defect 6)',
      code: `import mixpanel from 'mixpanel-browser';\nimport * as amplitude from '@amplitude/analytics-browser';\nimport { createHash } from 'node:crypto';\nexport const f = (u: { email: string }) => mixpanel.track('x', { email_hash: createHash('sha256').update(u.email).digest('hex') });\nexport const g = (u: { email: string }) => amplitude.identify(new amplitude.Identify().set('email', u.email));`,
      errors: [
        {
          message:
            'email_hash (email, pseudonymized with a plain sha256) is sent to Mixpanel by mixpanel.track: no piiflow.policy.yaml allows email for Mixpanel. Remove it, hash it with a secret key and add email to vendors.mixpanel.anonymize, or allow it pseudonymized: add { category: email, accept: plain-hash } to vendors.mixpanel.anonymize: `npx piiflow init` writes a policy that allows what the code sends today.',
          line: 4,
          suggestions: [{ messageId: 'removeProperty', output: `import mixpanel from 'mixpanel-browser';\nimport * as amplitude from '@amplitude/analytics-browser';\nimport { createHash } from 'node:crypto';\nexport const f = (u: { email: string }) => mixpanel.track('x', {});\nexport const g = (u: { email: string }) => amplitude.identify(new amplitude.Identify().set('email', u.email));` }],
        },
        {
          message:
            'email is sent to Amplitude by new amplitude.Identify().set: no piiflow.policy.yaml allows email for Amplitude. Remove it, anonymize it, or allow email for amplitude: `npx piiflow init` writes a policy that allows what the code sends today.',
          line: 5,
          suggestions: [],
        },
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
