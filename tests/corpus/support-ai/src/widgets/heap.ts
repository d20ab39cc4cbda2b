import type { Agent } from './chat';

export function heapIdentify(agent: Agent) {
  window.heap.identify(agent.id); // expect: heap user_id @global
  window.heap.addUserProperties({ team_id: agent.teamId, email: agent.email }); // expect: heap org_id email @global
}
