import * as amplitude from '@amplitude/analytics-browser';
import mixpanelBrowser from 'mixpanel-browser';
import ReactGA from 'react-ga4';
import TagManager from 'react-gtm-module';
import { track as vercelTrack } from '@vercel/analytics';
import * as Fathom from 'fathom-client';
import type { AppUser } from '../context/user';

type Properties = Record<string, string | number | boolean | undefined>;

export const events = {
  track(name: string, properties: Properties = {}) {
    amplitude.track(name, properties);
    mixpanelBrowser.track(name, properties);
    ReactGA.event(name, properties);
  },
  page(path: string) {
    TagManager.dataLayer({ dataLayer: { event: 'page', path } });
    Fathom.trackPageview({ url: path });
  },
};

export function upgradeClicked(user: AppUser, source: string) {
  const properties: Properties = { source, plan: user.plan };
  if (user.plan === 'free') properties.contact = user.email;
  events.track('Upgrade clicked', properties); // expect: amplitude email @wrapper; mixpanel email @wrapper; google-analytics email @wrapper
  vercelTrack('Upgrade clicked', { source });
}

export function invited(user: AppUser, inviteeEmail: string) {
  events.track('Invite sent', Object.assign({ org: user.orgId }, { invitee: inviteeEmail })); // expect: amplitude org_id email @wrapper; mixpanel org_id email @wrapper; google-analytics org_id email @wrapper
  TagManager.dataLayer({ dataLayer: { event: 'invite', inviter: user.displayName } }); // expect: google-tag-manager name @direct
}
