import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';
import * as Sentry from '@sentry/node';
import newrelic from 'newrelic';
import Mixpanel from 'mixpanel';

export const segment = new Analytics({ writeKey: process.env.SEGMENT_KEY ?? '' });
export const posthog = new PostHog(process.env.POSTHOG_KEY ?? '', { host: 'https://eu.i.posthog.com' });
export const mixpanel = Mixpanel.init(process.env.MIXPANEL_TOKEN ?? '');
export { Sentry, newrelic };
