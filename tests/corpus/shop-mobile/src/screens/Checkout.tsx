import { tracking, type Shopper } from '../services/tracking';
import { indexOrder } from '../services/search';
import { reportCheckoutError } from '../services/errors';

export function Checkout({ shopper, cart }: { shopper: Shopper; cart: { id: string; total: number } }) {
  async function pay() {
    try {
      const order = { id: cart.id, total: cart.total, shipping: { name: shopper.firstName, street: '1 Main St', city: shopper.city } };
      tracking.event('Order placed', { total: cart.total, items: 3 });
      tracking.event('Receipt requested', { receipt_email: shopper.email }); // expect: mixpanel email @wrapper; amplitude email @wrapper
      await indexOrder(order); // the wrapper's declared type already tells
    } catch (error) {
      reportCheckoutError(error as Error, shopper, cart.id);
    }
  }
  return <button onClick={pay}>Pay</button>;
}
