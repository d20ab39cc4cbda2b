import * as amplitude from '@amplitude/analytics-browser';
import mixpanelBrowser from 'mixpanel-browser';
import LogRocket from 'logrocket';
import * as FullStory from '@fullstory/browser';
import Hotjar from '@hotjar/browser';
import ReactGA from 'react-ga4';
import TagManager from 'react-gtm-module';
import { datadogLogs } from '@datadog/browser-logs';
import * as Sentry from '@sentry/react';

export function setupAnalytics(env: { production: boolean }) {
  amplitude.init('amp', { trackingOptions: { ipAddress: false } }); // expect: amplitude device_info @collected
  mixpanelBrowser.init('mp', { ip: false, debug: !env.production }); // expect: mixpanel device_info referrer @collected
  LogRocket.init('acme/web', { dom: { inputSanitizer: true } }); // expect: logrocket device_info ip_address location @collected
  FullStory.init({ orgId: 'o-1', devMode: !env.production }); // expect: fullstory device_info ip_address location referrer @collected
  Hotjar.init(1234, 6); // expect: hotjar device_info location @collected
  ReactGA.initialize('G-APP'); // expect: google-analytics device_info location referrer @collected
  TagManager.initialize({ gtmId: 'GTM-APP' });
  datadogLogs.init({ clientToken: 'pub', site: 'datadoghq.com' });
  Sentry.init({ dsn: 'https://k@o0.ingest.sentry.io/2', integrations: [Sentry.replayIntegration({ maskAllText: false })] }); // expect: sentry address email name phone @collected
}
