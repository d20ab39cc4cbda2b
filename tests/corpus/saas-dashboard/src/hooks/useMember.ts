import { usePostHog } from 'posthog-js/react';
import { useEffect } from 'react';
import type { Member } from '@/lib';

export function useMemberTracking(member: Member | null) {
  const posthog = usePostHog();
  useEffect(() => {
    if (!member) return;
    posthog.setPersonProperties({ first_name: member.firstName, workspace: member.workspaceId }); // expect: posthog name org_id @hook
    posthog.capture('dashboard_opened', { role: member.role });
  }, [member, posthog]);
}
