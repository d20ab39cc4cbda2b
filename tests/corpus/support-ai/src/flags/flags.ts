import { initialize, type LDClient } from 'launchdarkly-js-client-sdk';
import { StatsigClient } from '@statsig/js-client';
import type { Agent } from '../widgets/chat';

let ld: LDClient | undefined;

export async function startFlags(agent: Agent) {
  const context = { kind: 'user', key: agent.id, email: agent.email };
  ld = initialize('client-id', context); // expect: launchdarkly user_id email @rename
  const statsig = new StatsigClient('client-key', { userID: agent.id, custom: { team: agent.teamId } }); // expect: statsig user_id org_id @direct
  await statsig.initializeAsync();
  statsig.logEvent('flags_ready', agent.teamId);
  return ld;
}

export function anonymousFlags() {
  return initialize('client-id', { kind: 'user', key: 'anonymous', anonymous: true });
}
