import Intercom from '@intercom/messenger-js-sdk';
import type { Customer } from './session';

export function startSupportChat(customer: Customer): void {
  Intercom({
    app_id: 'webshop',
    user_id: customer.id,
    email: customer.email,
    name: `${customer.firstName} ${customer.lastName}`,
  });
}
