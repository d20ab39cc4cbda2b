import * as Sentry from '@sentry/nextjs';
import { datadogRum } from '@datadog/browser-rum';
import type { Customer } from './session';

// Violation: sendDefaultPii makes Sentry collect users' IP addresses and cookies.
Sentry.init({ dsn: process.env.NEXT_PUBLIC_SENTRY_DSN, tracesSampleRate: 0.2, sendDefaultPii: true });
datadogRum.init({ applicationId: 'webshop', clientToken: 'pub-token', site: 'datadoghq.eu', service: 'webshop' });

export function setMonitoringUser(customer: Customer): void {
  const { id, email } = customer;
  // Violation: Sentry may receive the user id, not the e-mail address.
  Sentry.setUser({ id, email });
  datadogRum.setUser({ id });
}

export function reportCheckoutError(error: unknown, orderId: string): void {
  Sentry.captureException(error, { tags: { order_id: orderId, step: 'payment' } });
}
