import { useState } from 'react';
import { reportCheckoutError } from '../lib/monitoring';
import type { Customer } from '../lib/session';

declare global {
  interface Window {
    dataLayer: Record<string, unknown>[];
    gtag: (...args: unknown[]) => void;
  }
}

export function Checkout({ customer, totalCents }: { customer: Customer; totalCents: number }) {
  const [status, setStatus] = useState<'idle' | 'paying' | 'done'>('idle');

  async function pay() {
    setStatus('paying');
    try {
      const response = await fetch('/api/orders', { method: 'POST', body: JSON.stringify({ totalCents }) });
      const order = (await response.json()) as { id: string; currency: string };
      window.dataLayer.push({ event: 'purchase', value: totalCents / 100, currency: order.currency, transaction_id: order.id });
      // Violation: Google Analytics gets the customer's e-mail address with the purchase event.
      window.gtag('event', 'purchase', { value: totalCents / 100, customer_email: customer.email });
      setStatus('done');
    } catch (error) {
      reportCheckoutError(error, 'pending');
      setStatus('idle');
    }
  }

  return (
    <button disabled={status === 'paying'} onClick={pay}>
      {status === 'done' ? 'Thank you!' : 'Pay now'}
    </button>
  );
}
