import { PostHog } from 'posthog-node';

/** Every service gets its telemetry client from here. */
export abstract class BaseService {
  protected readonly telemetry = new PostHog(process.env.POSTHOG_KEY ?? '', { host: 'https://eu.i.posthog.com' });

  protected event(distinctId: string, event: string): void {
    // Whatever is passed as distinctId becomes a PostHog person: it is a user id wherever it comes from.
    this.telemetry.capture({ distinctId, event }); // expect: posthog user_id @wrapper
  }
}
