import * as Sentry from '@sentry/nextjs';
import { EventEmitter } from 'node:events';
import { segment } from '@/lib/analytics';
import type { Member } from '@/lib/analytics';

export const teamEvents = new EventEmitter();

teamEvents.on('member-joined', (member: Member) => {
  segment.identify(member.id, { email: member.email }); // expect: segment user_id email @callback
});

class MemberSession {
  constructor(private readonly member: Member) {}

  get contact(): string {
    return this.member.email;
  }

  get label(): string {
    return this.member.role;
  }
}

export async function syncTeam(members: Member[], current: Member | undefined) {
  await Promise.all(members.map((member) => segment.identify(member.id, { name: member.firstName }))); // expect: segment user_id name @callback
  const directory = members.reduce<Record<string, string>>((all, member) => ({ ...all, [member.id]: member.email }), {});
  segment.track('Directory synced', { directory }); // expect: segment user_id email @callback
  segment.track('Viewed team', { viewer: current?.email ?? 'anonymous' }); // expect: segment email @direct
  const session = new MemberSession(members[0]!);
  segment.track('Session', { contact: session.contact, label: session.label }); // expect: segment email @class
  Sentry.setExtra('member', JSON.stringify(current)); // expect: sentry user_id email name org_id @types
}
