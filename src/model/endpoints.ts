import { compareText } from './order';
import type { Endpoint, SelfHostedCall, SelfHostedEndpoint } from './result';

/** Where an endpoint comes from, as reports show it: the host, the environment variable, or the option as written. */
export function endpointSource(endpoint: Pick<Endpoint, 'host' | 'env' | 'expression'>): string {
  return endpoint.host ?? endpoint.env ?? endpoint.expression ?? '';
}

/** What an endpoint is called when nobody said who runs it: "OpenAI-compatible endpoint (host unknown: `AI_BASE_URL`)". */
export function unknownEndpointName(sdkName: string, endpoint: Pick<Endpoint, 'host' | 'env' | 'expression'>): string {
  return `${sdkName}-compatible endpoint (host unknown: \`${endpointSource(endpoint)}\`)`;
}

/** The key of an endpoint in a policy's `endpoints:` (a host or an environment variable; an expression has none). */
export function endpointPolicyKey(endpoint: Pick<Endpoint, 'host' | 'env'>): string | undefined {
  return endpoint.host ?? endpoint.env;
}

/** The entry for a host (lower case) in a table of hosts and `*.suffix` patterns; the longest pattern wins. */
export function hostTarget(host: string, table: Readonly<Record<string, string>>): string | undefined {
  if (Object.hasOwn(table, host)) return table[host];
  let best: [string, string] | undefined;
  for (const [pattern, target] of Object.entries(table)) {
    if (pattern.startsWith('*.') && host.endsWith(pattern.slice(1)) && (!best || pattern.length > best[0].length)) best = [pattern, target];
  }
  return best?.[1];
}

/** How reports name a self-hosted endpoint: "OpenAI client at localhost". */
export function selfHostedName(endpoint: SelfHostedEndpoint): string {
  return `${endpoint.sdkName} client at ${endpointSource(endpoint)}`;
}

/** The name reports give a flow's recipient: the vendor's, or the unknown endpoint's when nobody said who runs it. */
export function recipientName(flow: { endpoint?: Endpoint }, vendorName: string): string {
  return flow.endpoint?.resolvedBy === 'unknown' ? unknownEndpointName(vendorName, flow.endpoint) : vendorName;
}

/** One entry per self-hosted endpoint, its calls in file order; endpoints in a stable order (SDK, then source). */
export function groupSelfHosted(calls: readonly { endpoint: Endpoint & { sdkName: string }; call: SelfHostedCall }[]): SelfHostedEndpoint[] {
  const byKey = new Map<string, SelfHostedEndpoint>();
  for (const { endpoint, call } of calls) {
    const key = `${endpoint.sdk}\u0000${endpoint.host === undefined ? '' : 'h'}${endpoint.env === undefined ? '' : 'e'}\u0000${endpointSource(endpoint)}\u0000${endpoint.resolvedBy}`;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { ...endpoint, calls: [] }));
    if (!entry.calls.some((known) => known.file === call.file && known.line === call.line && known.column === call.column && known.call === call.call)) entry.calls.push(call);
  }
  const list = [...byKey.values()];
  for (const entry of list) entry.calls.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.call, b.call));
  return list.sort((a, b) => compareText(a.sdk, b.sdk) || compareText(endpointSource(a), endpointSource(b)) || compareText(a.resolvedBy, b.resolvedBy));
}
