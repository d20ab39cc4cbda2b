import * as LaunchDarkly from '@launchdarkly/node-server-sdk';
import Statsig from 'statsig-node';
import type { Customer } from './customers.js';

const ld = LaunchDarkly.init(process.env.LD_SDK_KEY ?? '');

export async function instantPayoutsEnabled(customer: Customer) {
  const context = { kind: 'user', key: customer.id, country: customer.address.country };
  const enabled = await ld.variation('instant-payouts', context, false); // expect: launchdarkly user_id location @rename
  const gate = Statsig.checkGate({ userID: customer.id, email: customer.email }, 'new_limits'); // expect: statsig user_id email @direct
  return enabled && gate;
}
