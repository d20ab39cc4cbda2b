import { BaseService } from './base-service.js';
import type { Customer } from './customers.js';

export class CardService extends BaseService {
  issue(customer: Customer, last4: string) {
    this.telemetry.capture({ distinctId: customer.id, event: 'card issued', properties: { last4, holder: customer.fullName } }); // expect: posthog user_id name @class
    this.event(customer.email, 'card activated'); // expect: posthog email @class
  }

  freeze(cardId: string) {
    // A card id as distinctId makes the card a PostHog person: reported as a user id, like any distinctId.
    this.telemetry.capture({ distinctId: cardId, event: 'card frozen' }); // expect: posthog user_id @class
  }
}
