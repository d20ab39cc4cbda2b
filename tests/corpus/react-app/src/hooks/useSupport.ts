import { useIntercom } from 'react-use-intercom';
import { useEffect } from 'react';
import type { AppUser } from '../context/user';

export function useSupport(user: AppUser | undefined) {
  const { boot, update, trackEvent } = useIntercom();
  useEffect(() => {
    if (!user) return;
    boot({ userId: user.uid, email: user.email, name: user.displayName, company: { companyId: user.orgId } }); // expect: intercom device_info location user_id email name org_id @hook
    window.drift?.identify?.(user.uid, { email: user.email }); // expect: drift user_id email @global
    window.pendo?.initialize({ visitor: { id: user.uid }, account: { id: user.orgId } }); // expect: pendo user_id org_id @global
    window.Appcues?.identify(user.uid, { plan: user.plan }); // expect: appcues user_id @global
  }, [user, boot]);
  return {
    changedPlan: (plan: string) => update({ customAttributes: { plan } }),
    askedForHelp: (topic: string) => trackEvent('help', { topic }),
  };
}
