import { Client } from '@hubspot/api-client';
import { TrackClient, RegionEU } from 'customerio-node';
import { ApiKeySession, ProfilesApi } from 'klaviyo-api';
import type { Customer } from './customers.js';

const hubspot = new Client({ accessToken: process.env.HUBSPOT_TOKEN });
const cio = new TrackClient(process.env.CIO_SITE ?? '', process.env.CIO_KEY ?? '', { region: RegionEU });
const klaviyo = new ProfilesApi(new ApiKeySession(process.env.KLAVIYO_KEY ?? ''));

export class CrmSync {
  async push(customer: Customer) {
    await hubspot.crm.contacts.basicApi.create({ properties: { email: customer.email, phone: customer.phone, firstname: customer.fullName }, associations: [] }); // expect: hubspot email phone name @class
    await cio.identify(customer.id, { email: customer.email, created_at: Date.now() }); // expect: customer-io user_id email @class
    await klaviyo.createOrUpdateProfile({ data: { type: 'profile', attributes: { email: customer.email, location: { city: customer.address.city } } } }); // expect: klaviyo email location @class
  }

  async event(customer: Customer, name: string) {
    await cio.track(customer.id, { name }); // expect: customer-io user_id @class
  }
}
