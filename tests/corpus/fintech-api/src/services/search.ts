import { algoliasearch } from 'algoliasearch';
import type { Customer } from './customers.js';

const client = algoliasearch('APP', process.env.ALGOLIA_WRITE_KEY ?? '');

export async function indexCustomer(customer: Customer) {
  await client.saveObject({ indexName: 'customers', body: { objectID: customer.id, name: customer.fullName, city: customer.address.city } }); // expect: algolia user_id name location @direct
}

export async function indexCompany(company: { id: string; legalName: string; employees: number }) {
  await client.saveObject({ indexName: 'companies', body: { objectID: company.id, legalName: company.legalName, employees: company.employees } }); // expect: algolia org_id @direct
}
