import { Mixpanel } from 'mixpanel-react-native';
import * as amplitude from '@amplitude/analytics-react-native';
import * as braze from '@braze/web-sdk';
import { OneSignal } from 'react-native-onesignal';

export interface Shopper {
  id: string;
  email: string;
  phone: string;
  firstName: string;
  birthday?: string;
  gender?: string;
  city: string;
}

/** One service the screens use; it owns the SDK clients. */
export class TrackingService {
  private readonly mixpanel = new Mixpanel('token', true);

  constructor() {
    amplitude.init('amp-key');
  }

  signIn(shopper: Shopper): void {
    this.mixpanel.identify(shopper.id); // expect: mixpanel user_id @class
    this.mixpanel.getPeople().set('$email', shopper.email); // expect: mixpanel email @class
    amplitude.setUserId(shopper.id); // expect: amplitude user_id @direct
    const identify = new amplitude.Identify().set('city', shopper.city).set('gender', shopper.gender ?? 'unknown'); // expect: amplitude location gender @direct
    amplitude.identify(identify);
    braze.changeUser(shopper.id); // expect: braze user_id @direct
    braze.getUser()?.setEmail(shopper.email); // expect: braze email @direct
    braze.getUser()?.setDateOfBirth(1990, 1, 1);
    OneSignal.login(shopper.id); // expect: onesignal user_id @direct
    OneSignal.User.addSms(shopper.phone); // expect: onesignal phone @direct
  }

  event(name: string, properties: Record<string, unknown>): void {
    this.mixpanel.track(name, properties);
    amplitude.track(name, properties);
  }
}

export const tracking = new TrackingService();
