import Plausible from 'plausible-tracker';

const { trackEvent, trackPageview } = Plausible({ domain: 'acme.example' });

export function pageview() {
  trackPageview();
}

export function downloaded(file: string, visitor: { country: string }) {
  trackEvent('Download', { props: { file, country: visitor.country } }); // expect: plausible location @direct
}
