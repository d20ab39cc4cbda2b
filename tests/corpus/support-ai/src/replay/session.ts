import LogRocket from 'logrocket';
import { init as initFullStory, FullStory } from '@fullstory/browser';
import type { Agent } from '../widgets/chat';

export function startReplay(agent: Agent, privacyMode: boolean) {
  const sanitize = { dom: { inputSanitizer: true, textSanitizer: privacyMode } };
  LogRocket.init('acme/support', sanitize); // expect: logrocket device_info ip_address location @collected
  LogRocket.identify(agent.id, { name: agent.name }); // expect: logrocket user_id name @direct
  initFullStory({ orgId: 'o-1' }); // expect: fullstory device_info ip_address location referrer @collected
  FullStory('setIdentity', { uid: agent.id, properties: { displayName: agent.name } }); // expect: fullstory user_id name @direct
}

export function replayEvent(name: string, ticketId: string) {
  LogRocket.track(name, { ticket_id: ticketId });
  window.heap.track(name, { ticket_id: ticketId });
}
