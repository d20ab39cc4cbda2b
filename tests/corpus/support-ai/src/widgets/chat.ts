import Intercom from '@intercom/messenger-js-sdk';
import { Crisp } from 'crisp-sdk-web';

export interface Agent {
  id: string;
  email: string;
  name: string;
  teamId: string;
}

export function bootWidgets(agent: Agent) {
  Intercom({ app_id: 'app', user_id: agent.id, email: agent.email, company: { company_id: agent.teamId } }); // expect: intercom device_info email location org_id user_id @direct
  Crisp.configure('website');
  Crisp.user.setEmail(agent.email); // expect: crisp email @direct
  Crisp.user.setNickname(agent.name); // expect: crisp name @direct
  window.$chatwoot.setUser(agent.id, { email: agent.email, name: agent.name }); // expect: chatwoot user_id email name @global
  window.zE('webWidget', 'prefill', { name: { value: agent.name }, email: { value: agent.email } }); // expect: zendesk name email @global
}

export function widgetOpened(source: string) {
  window.$chatwoot.setCustomAttributes({ source });
}
