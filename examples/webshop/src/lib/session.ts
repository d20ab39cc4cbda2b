export interface Customer {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone?: string;
  organizationId: string;
  shippingAddress: { street: string; city: string; postalCode: string; country: string };
}

/** Reads the signed-in customer from the page's bootstrap data. */
export function currentCustomer(): Customer | null {
  const raw = document.getElementById('__SESSION__')?.textContent;
  return raw ? (JSON.parse(raw) as Customer) : null;
}
