import { createHmac } from 'node:crypto';
import { Analytics } from '@segment/analytics-node';

const segment = new Analytics({ writeKey: process.env.SEGMENT_WRITE_KEY ?? '' });
const HASH_KEY = process.env.EMAIL_HASH_KEY ?? '';

interface SignupRequest {
  body: { id: string; email: string; address: { line1: string; city: string; zip: string } };
  ip: string;
}

function pseudonymize(email: string): string {
  return createHmac('sha256', HASH_KEY).update(email.toLowerCase()).digest('hex');
}

export default function signup(req: SignupRequest, res: { status(code: number): { json(body: unknown): void } }) {
  const { id, email, address } = req.body;
  segment.identify({
    userId: id,
    traits: {
      email: pseudonymize(email),
      // Violation: the shipping address has no business in analytics.
      shippingAddress: address,
    },
  });
  segment.track({ userId: id, event: 'Signed Up', properties: { ip: req.ip } });
  res.status(201).json({ id });
}
