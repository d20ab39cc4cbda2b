import Clarity from '@microsoft/clarity';

declare global {
  interface Window {
    plausible: (event: string, options?: object) => void;
    ttq: { track(event: string, data?: object): void };
  }
}

export function landing(visitor: { email?: string; country: string; referrer: string }) {
  Clarity.init('edtech'); // expect: microsoft-clarity device_info location @collected
  Clarity.setTag('country', visitor.country); // expect: microsoft-clarity location @direct
  window.plausible('Landing', { props: { from: visitor.referrer } }); // expect: plausible referrer @global
  if (visitor.email) window.ttq.track('Subscribe', { email: visitor.email }); // expect: tiktok-pixel email @global
  const plausible = (_event: string, _options?: object) => undefined;
  plausible('Local', { props: { email: visitor.email } }); // decoy
}
