import { useState } from 'react';
import { track, reportError } from '@/lib';

export function InviteForm({ workspaceId }: { workspaceId: string }) {
  const [inviteeEmail, setInviteeEmail] = useState('');

  async function submit() {
    try {
      await fetch(`/api/workspaces/${workspaceId}/invites`, { method: 'POST', body: JSON.stringify({ email: inviteeEmail }) });
      track('Invite sent', { workspace_id: workspaceId, invitee_email: inviteeEmail }); // expect: segment org_id email @wrapper; posthog org_id email @wrapper
    } catch (error) {
      reportError(error, { invitee: inviteeEmail, workspaceId }); // expect: sentry org_id @wrapper
    }
  }

  return <input value={inviteeEmail} onChange={(event) => setInviteeEmail(event.target.value)} onBlur={submit} />;
}
