import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';
import { pseudonymous } from '@/lib/analytics';

const segment = new Analytics({ writeKey: process.env.SEGMENT_WRITE_KEY ?? '' });
const posthog = new PostHog(process.env.POSTHOG_KEY ?? '');

interface SignupRequest {
  ip: string;
  headers: Record<string, string | undefined>;
  body: { userId: string; email: string; company: string; companyId: string; phone?: string };
}

export default async function handler(req: SignupRequest) {
  const { userId, email, companyId, phone } = req.body;
  segment.identify({ userId, traits: { email, phone } }); // expect: segment user_id email phone @direct
  segment.track({ userId, event: 'Signed Up', context: { ip: req.ip, userAgent: req.headers['user-agent'] } }); // expect: segment user_id ip_address device_info @direct
  posthog.capture({ distinctId: pseudonymous(email), event: 'signed_up', groups: { company: companyId } }); // expect: posthog email* org_id @hashed
  await posthog.shutdown();
}
