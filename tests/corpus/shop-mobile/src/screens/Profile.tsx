import { tracking, type Shopper } from '../services/tracking';

export function Profile({ shopper }: { shopper: Shopper }) {
  tracking.signIn(shopper);
  tracking.event('Profile viewed', { has_birthday: Boolean(shopper.birthday) });
  const amplitude = { track: (_name: string, _props: object) => undefined };
  amplitude.track('local', { phone: shopper.phone }); // decoy
  return <div>{shopper.firstName}</div>;
}
