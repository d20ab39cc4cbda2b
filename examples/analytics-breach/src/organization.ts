import { mixpanel } from './analytics';

export function onOrganizationSwitch(organization: { id: string; plan: string }) {
  mixpanel.register({ organization_id: organization.id, plan: organization.plan });
  mixpanel.set_group('organization', organization.id);
}
