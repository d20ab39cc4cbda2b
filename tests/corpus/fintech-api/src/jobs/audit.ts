// The audit log writes to our own database: names like the SDKs, nothing leaves.
import type { Customer } from '../services/customers.js';

const posthog = { capture: (_event: object) => undefined };
const Sentry = { setUser: (_user: object) => undefined };

export function audit(customer: Customer) {
  posthog.capture({ distinctId: customer.id, event: 'audit', properties: { email: customer.email } }); // decoy
  Sentry.setUser({ email: customer.email }); // decoy
}
