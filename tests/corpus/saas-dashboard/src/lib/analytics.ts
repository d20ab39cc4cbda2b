import { AnalyticsBrowser } from '@segment/analytics-next';
import posthog from 'posthog-js';
import { createHmac } from 'node:crypto';

export const segment = AnalyticsBrowser.load({ writeKey: process.env.NEXT_PUBLIC_SEGMENT_KEY ?? '' }); // expect: segment device_info ip_address location referrer @collected

posthog.init(process.env.NEXT_PUBLIC_POSTHOG_KEY ?? '', { api_host: '/ingest', mask_all_text: true }); // expect: posthog device_info ip_address location referrer @collected

export interface Member {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  workspaceId: string;
  role: 'owner' | 'admin' | 'member';
}

export function pseudonymous(value: string): string {
  return createHmac('sha256', process.env.ANALYTICS_SALT ?? '').update(value.toLowerCase()).digest('hex');
}

export function track(event: string, properties: Record<string, unknown> = {}): void {
  segment.track(event, { ...properties, app: 'dashboard' });
  posthog.capture(event, properties);
}

export function identifyMember(member: Member): void {
  segment.identify(member.id, { email: member.email, name: `${member.firstName} ${member.lastName}`, role: member.role }); // expect: segment user_id email name @direct
  posthog.identify(member.id, { email_hash: pseudonymous(member.email) }); // expect: posthog user_id email* @hashed
  posthog.group('workspace', member.workspaceId); // expect: posthog org_id @direct
}

export function resetAnalytics(): void {
  segment.reset();
  posthog.reset();
}
