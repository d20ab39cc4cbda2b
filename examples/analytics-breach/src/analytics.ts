import mixpanel from 'mixpanel-browser';

// Default options: Mixpanel adds city, region and country (from the IP address), browser, OS and referrer itself.
mixpanel.init(process.env.NEXT_PUBLIC_MIXPANEL_TOKEN ?? '', { track_pageview: true, persistence: 'localStorage' });

export { mixpanel };
