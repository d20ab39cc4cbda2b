import * as Sentry from '@sentry/nextjs';
import { datadogRum } from '@datadog/browser-rum';
import type { Member } from './analytics';

Sentry.init({ dsn: process.env.NEXT_PUBLIC_SENTRY_DSN, tracesSampleRate: 0.1 });
datadogRum.init({ applicationId: 'dash', clientToken: 'pub', site: 'datadoghq.eu', defaultPrivacyLevel: 'mask-user-input' }); // expect: datadog-rum device_info location referrer @collected

export function setErrorUser(member: Member): void {
  Sentry.setUser({ id: member.id }); // expect: sentry user_id @direct
  datadogRum.setUser({ id: member.id, name: member.firstName }); // expect: datadog-rum user_id name @direct
}

export function reportError(error: unknown, context: Record<string, unknown>): void {
  Sentry.captureException(error, { extra: context });
}

export function withRequestScope(requestId: string, member: Member, run: () => void): void {
  Sentry.withScope((scope) => {
    scope.setTag('request_id', requestId);
    scope.setTag('member_email', member.email); // expect: sentry email @callback
    run();
  });
}
