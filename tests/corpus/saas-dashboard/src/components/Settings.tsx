import { identifyMember, resetAnalytics, segment, track, type Member } from '@/lib';

export function Settings({ member, onSave }: { member: Member; onSave: (next: Member) => void }) {
  function save(next: Member) {
    onSave(next);
    identifyMember(next);
    const { email, ...rest } = next;
    track('Profile updated', rest); // expect: segment name org_id user_id @wrapper @types; posthog name org_id user_id @wrapper @types
    segment.track('Email changed', { changed: email !== member.email });
  }
  function signOut() {
    track('Signed out');
    resetAnalytics();
  }
  return <button onClick={() => save(member)} onDoubleClick={signOut} />;
}
