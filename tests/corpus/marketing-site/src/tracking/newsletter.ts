import { ApiKeySession, ProfilesApi } from 'klaviyo-api';
import type { Lead } from './tags';

const profiles = new ProfilesApi(new ApiKeySession(process.env.KLAVIYO_PRIVATE_KEY ?? ''));

export async function subscribe(lead: Lead, source: string) {
  const attributes = { email: lead.email, firstName: lead.firstName, location: { country: lead.country } };
  await profiles.createOrUpdateProfile({ data: { type: 'profile', attributes } }); // expect: klaviyo email name location @rename
  window.klaviyo.identify({ email: lead.email }); // expect: klaviyo email @global
  window.klaviyo.track('Subscribed', { source });
}
