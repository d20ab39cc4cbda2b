// An in-app audit log that looks like an analytics client; it writes to our own database.
const analytics = {
  queue: [] as unknown[],
  track(event: string, properties: object) {
    this.queue.push({ event, properties });
  },
  identify(id: string, traits: object) {
    this.queue.push({ id, traits });
  },
};

export function audit(member: { id: string; email: string }) {
  analytics.identify(member.id, { email: member.email }); // decoy
  analytics.track('audit', { email: member.email }); // decoy
}
