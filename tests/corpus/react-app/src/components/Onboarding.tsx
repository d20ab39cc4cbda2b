import { useEffect } from 'react';
import { events } from '../analytics/events';
import type { AppUser } from '../context/user';

export function Onboarding({ user, step }: { user: AppUser; step: number }) {
  useEffect(() => {
    events.track('Onboarding step', { step });
    import('posthog-js').then(({ default: posthog }) => {
      posthog.capture('onboarding', { step, org: user.orgId }); // expect: posthog org_id @dynamic
    });
    window.rudderanalytics?.identify(user.uid, { email: user.email }); // expect: rudderstack user_id email @global
    window.snowplow?.('setUserId', user.uid); // expect: snowplow user_id @global
  }, [step, user]);
  const amplitude = { track: (_name: string, _props: object) => undefined };
  amplitude.track('local-only', { email: user.email }); // decoy
  return <p>Step {step}</p>;
}
