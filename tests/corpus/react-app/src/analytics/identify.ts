import * as amplitude from '@amplitude/analytics-browser';
import { identify as amplitudeIdentify, Identify } from '@amplitude/analytics-browser';
import mixpanelBrowser from 'mixpanel-browser';
import LogRocket from 'logrocket';
import * as FullStory from '@fullstory/browser';
import Hotjar from '@hotjar/browser';
import ReactGA from 'react-ga4';
import * as Sentry from '@sentry/react';
import { datadogLogs } from '@datadog/browser-logs';
import md5 from 'md5';
import type { AppUser } from '../context/user';

export function identifyEverywhere(user: AppUser) {
  amplitude.setUserId(user.uid); // expect: amplitude user_id @direct
  const identity = new Identify();
  identity.set('plan', user.plan);
  identity.set('org', user.orgId); // expect: amplitude org_id @direct
  amplitudeIdentify(identity);
  mixpanelBrowser.identify(user.uid); // expect: mixpanel user_id @direct
  mixpanelBrowser.people.set({ $name: user.displayName, $avatar: user.avatarUrl, plan: user.plan }); // expect: mixpanel name @direct
  LogRocket.identify(user.uid, { name: user.displayName, email: user.email }); // expect: logrocket user_id name email @direct
  FullStory.identify(user.uid, { displayName: user.displayName, email: md5(user.email) }); // expect: fullstory user_id name email* @hashed
  Hotjar.identify(user.uid, { plan: user.plan }); // expect: hotjar user_id @direct
  ReactGA.set({ userId: user.uid }); // expect: google-analytics user_id @direct
  Sentry.setUser(user); // expect: sentry user_id email name phone ip_address org_id @types
  datadogLogs.setUser({ id: user.uid, phone: user.phoneNumber }); // expect: datadog-logs user_id phone @direct
}
