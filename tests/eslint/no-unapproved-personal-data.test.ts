import tsParser from '@typescript-eslint/parser';
import { RuleTester } from 'eslint';
import rule from '../../src/eslint/rules/no-unapproved-personal-data';

const hashedPolicy = { policy: 'tests/fixtures/policies/mixpanel-email-hashed.yaml' };
const allowAll = { policy: 'tests/fixtures/policies/allow-all-mixpanel.yaml' };

const ruleTester = new RuleTester({ languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' } });

ruleTester.run('no-unapproved-personal-data', rule, {
  valid: [
    { name: 'an SDK call without personal data', code: `import mixpanel from 'mixpanel-browser';\nmixpanel.track('Viewed pricing', { plan: 'pro' });` },
    { name: 'a local object named like the SDK', code: `const mixpanel = { track(_e: string, _p: object) {} };\nexport const f = (user: { email: string }) => mixpanel.track('x', { email: user.email });` },
    { name: 'allowed by the policy', options: [allowAll], code: `import mixpanel from 'mixpanel-browser';\nexport const f = (user: { email: string }) => mixpanel.people.set({ $email: user.email });` },
    {
      name: 'anonymized as the policy requires',
      options: [hashedPolicy],
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
            reason: 'vendors.mixpanel.anonymize allows email for Mixpanel only hashed or pseudonymized',
            trail: '',
            advice: 'Hash it before sending (e.g. an HMAC-SHA256).',
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
            item: 'h (email, hashed with md5)',
            vendor: 'Mixpanel',
            call: 'mixpanel.track',
            reason: 'md5 without a key is a weak hash that lookup tables reverse; vendors.mixpanel.anonymize needs sha256 or stronger, or an HMAC',
            trail: ' It comes from `email` (line 3), 1 hop away.',
            advice: 'Use sha256 with a secret key (HMAC) instead.',
          },
          suggestions: [{ messageId: 'removeProperty', output: `import mixpanel from 'mixpanel-browser';\nimport { createHash } from 'node:crypto';\nexport const f = (email: string) => mixpanel.track('x', {});` }],
        },
      ],
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
            'email_hash (email, hashed with sha256) is sent to Mixpanel by mixpanel.track: no piiflow.policy.yaml allows email for Mixpanel. Remove it, or allow it hashed: add email to vendors.mixpanel.anonymize: `npx piiflow init` writes a policy that allows what the code sends today.',
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
