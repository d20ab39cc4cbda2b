import { mixpanel } from './analytics';

export interface DashboardUser {
  id: string;
  name: string;
  email: string;
}

export function onSignIn(user: DashboardUser) {
  mixpanel.identify(user.id);
  mixpanel.people.set({ $name: user.name, $email: user.email });
}
