// An in-house helper that happens to be called `analytics`: it never leaves the browser.
const analytics = {
  events: [] as { name: string; props: Record<string, unknown> }[],
  track(name: string, props: Record<string, unknown>) {
    this.events.push({ name, props });
  },
};

export function recordFlagExposure(flag: string, customer: { email: string }): void {
  analytics.track('flag_exposure', { flag, email: customer.email });
}
