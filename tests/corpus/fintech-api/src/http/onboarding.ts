import { segment, posthog, mixpanel, Sentry, newrelic, hashId } from '../telemetry/index.js';
import { md5Hex } from '../telemetry/hash.js';
import { toPublic, type Customer } from '../services/customers.js';

interface Request<T> {
  body: T;
  ip: string;
  headers: Record<string, string | undefined>;
}

export async function createAccount(req: Request<Customer>) {
  const customer = req.body;
  Sentry.setUser({ id: customer.id, ip_address: req.ip }); // expect: sentry user_id ip_address @direct
  segment.identify({ userId: customer.id, traits: toPublic(customer) }); // expect: segment user_id org_id @direct
  segment.track({ userId: customer.id, event: 'Account Created', properties: { country: customer.address.country } }); // expect: segment user_id location @direct
  posthog.identify({ distinctId: hashId(customer.email), properties: { company: customer.companyId } }); // expect: posthog email* org_id @hashed
  mixpanel.people.set(customer.id, { $email: md5Hex(customer.email), $name: customer.fullName }); // expect: mixpanel user_id email* name @hashed
  newrelic.addCustomAttribute('customerId', customer.id); // expect: new-relic user_id @direct
  newrelic.recordCustomEvent('Onboarding', { step: 'kyc', dob: customer.dateOfBirth }); // expect: new-relic date_of_birth @direct
  return { ok: true };
}

export async function verifyIdentity(req: Request<{ customer: Customer; documentNumber: string }>) {
  const { customer, documentNumber } = req.body;
  try {
    await fetch('https://kyc.internal/verify', { method: 'POST', body: JSON.stringify({ documentNumber }) });
  } catch (error) {
    Sentry.captureException(error, { extra: { taxId: customer.taxId } }); // expect: sentry government_id @direct
    Sentry.captureMessage(`KYC failed for ${customer.fullName}`); // expect: sentry name @direct
  }
}

export function payout(req: Request<{ customer: Customer; amount: number }>) {
  const { customer, amount } = req.body;
  const details = Object.assign({}, { amount }, { iban: customer.iban });
  segment.track({ userId: customer.id, event: 'Payout Requested', properties: details }); // expect: segment user_id payment @direct
  posthog.capture({ distinctId: customer.id, event: 'payout', properties: { amount } }); // expect: posthog user_id @direct
}
