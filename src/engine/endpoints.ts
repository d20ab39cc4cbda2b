import type * as TS from 'typescript';
import type { VendorEndpoints } from '../catalog/catalog-types';
import { ts } from './ts';

/** Where an OpenAI-compatible client sends its requests, as far as the code says: a host or an environment variable. */
export type Endpoint = { host: string } | { env: string };

/** Resolves an identifier to the initializer of its `const` declaration, if it has one. */
export type ConstResolver = (identifier: TS.Identifier) => TS.Expression | undefined;

/**
 * Who receives the data of a client built with these options: a vendor id from the table, `self-hosted`
 * (loopback, private network, `.local`/`.internal` hosts, a single-label service name, an environment
 * variable named for a local server such as OLLAMA_BASE_URL), or undefined when the code does not say.
 */
export function endpointTarget(options: TS.Expression | undefined, endpoints: VendorEndpoints, resolve: ConstResolver): string | undefined {
  const endpoint = endpointOf(options, endpoints.option, resolve);
  if (!endpoint) return undefined;
  if ('env' in endpoint) return (endpoints.selfHostedEnv ?? []).some((prefix) => endpoint.env.startsWith(prefix)) ? 'self-hosted' : undefined;
  const host = endpoint.host.toLowerCase();
  if (isLocalHost(host)) return 'self-hosted';
  if (endpoints.hosts[host]) return endpoints.hosts[host];
  for (const [pattern, target] of Object.entries(endpoints.hosts)) {
    if (pattern.startsWith('*.') && host.endsWith(pattern.slice(1))) return target;
  }
  return undefined;
}

function endpointOf(options: TS.Expression | undefined, paths: string | string[], resolve: ConstResolver): Endpoint | undefined {
  for (const path of Array.isArray(paths) ? paths : [paths]) {
    let node: TS.Expression | undefined = options;
    for (const key of path.split('.')) node = node && propertyOf(unwrap(node, resolve), key, resolve);
    const endpoint = node && valueEndpoint(node, resolve, 0);
    if (endpoint) return endpoint;
  }
  return undefined;
}

function unwrap(node: TS.Expression, resolve: ConstResolver, depth = 0): TS.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  if (ts.isIdentifier(node) && depth < 3) {
    const initializer = resolve(node);
    if (initializer) return unwrap(initializer, resolve, depth + 1);
  }
  return node;
}

function propertyOf(object: TS.Expression, key: string, resolve: ConstResolver): TS.Expression | undefined {
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === key) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === key) return resolve(property.name);
  }
  return undefined;
}

function valueEndpoint(expression: TS.Expression, resolve: ConstResolver, depth: number): Endpoint | undefined {
  if (depth > 4) return undefined;
  const node = unwrap(expression, resolve);
  if (ts.isStringLiteralLike(node)) return hostOf(node.text);
  if (ts.isTemplateExpression(node)) {
    if (node.head.text) return hostOf(node.head.text);
    return node.templateSpans[0] ? valueEndpoint(node.templateSpans[0].expression, resolve, depth + 1) : undefined;
  }
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return valueEndpoint(node.left, resolve, depth + 1) ?? valueEndpoint(node.right, resolve, depth + 1);
  }
  // process.env.OLLAMA_BASE_URL, process.env['VLLM_URL'], import.meta.env.VITE_AI_URL
  const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
  const holder = ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ? node.expression : undefined;
  if (name && holder && ts.isPropertyAccessExpression(holder) && holder.name.text === 'env') return { env: name };
  return undefined;
}

function hostOf(url: string): Endpoint | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(url.trim());
  return match ? { host: match[1]! } : undefined;
}

function isLocalHost(host: string): boolean {
  if (host === 'localhost' || !host.includes('.') && !host.startsWith('[')) return true; // a single label: a container or service name
  if (/\.(localhost|local|internal|lan|home\.arpa)$/.test(host)) return true;
  if (host === '[::1]' || /^\[f[cd]/.test(host)) return true;
  const ip = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (!ip) return false;
  const [a, b] = [Number(ip[1]), Number(ip[2])];
  return a === 127 || a === 10 || a === 0 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}
