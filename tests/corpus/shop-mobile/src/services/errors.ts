import * as Sentry from '@sentry/react-native';
import Bugsnag from '@bugsnag/react-native';

Sentry.init({ dsn: 'https://key@o0.ingest.sentry.io/1', sendDefaultPii: false });

export function reportCheckoutError(error: Error, shopper: { id: string; email: string }, cartId: string) {
  Sentry.captureException(error, { tags: { cart_id: cartId }, user: { id: shopper.id } }); // expect: sentry user_id @direct
  Bugsnag.notify(error, (event) => {
    event.setUser(shopper.id, shopper.email); // expect: bugsnag user_id email @callback
    event.addMetadata('cart', { id: cartId });
  });
}
