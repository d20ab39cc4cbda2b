export interface Customer {
  id: string;
  email: string;
  fullName: string;
  phone: string;
  dateOfBirth: string;
  taxId: string;
  iban: string;
  address: { line1: string; city: string; postalCode: string; country: string };
  companyId: string;
}

export type PublicCustomer = Pick<Customer, 'id' | 'companyId'>;

export function toPublic(customer: Customer): PublicCustomer {
  return { id: customer.id, companyId: customer.companyId };
}
