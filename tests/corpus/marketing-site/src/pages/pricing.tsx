import { tagSession } from '../tracking/tags';

const gtag = (...args: unknown[]) => console.debug('gtag (dev shim)', args);

export function Pricing({ visitor }: { visitor: { id: string; email: string } }) {
  tagSession(visitor.id, 'pricing'); // expect: hotjar user_id @wrapper; microsoft-clarity user_id @wrapper
  gtag('event', 'view_pricing', { email: visitor.email }); // decoy: a local shim
  return <h1>Pricing</h1>;
}
