import type * as TS from 'typescript';
import type { VendorEndpoints } from '../catalog/catalog-types';
import { hostTarget } from '../model/endpoints';
import { excerpt } from '../model/redact';
import { ts } from './ts';

/**
 * Where an OpenAI-compatible client sends its requests, as far as the code says: a host (never its
 * credentials or path), an environment variable, or, when neither can be read, the option as written.
 */
export type EndpointSource = { host: string } | { env: string } | { expression: string };

/**
 * The server a client was built with, and who runs it when the catalog knows: a vendor id from the
 * SDK's table, `self-hosted`, or no target (the host is unknown; the policy's `endpoints:` may say).
 */
export interface ResolvedEndpoint {
  source: EndpointSource;
  target?: string;
}

/** Resolves an identifier to the initializer of its `const` declaration, if it has one. */
export type ConstResolver = (identifier: TS.Identifier) => TS.Expression | undefined;

/** Prefixes that frameworks put before the variables they expose (NEXT_PUBLIC_OLLAMA_URL is an OLLAMA_ name). */
const FRAMEWORK_ENV_PREFIXES = ['NEXT_PUBLIC_', 'VITE_', 'REACT_APP_', 'NUXT_PUBLIC_', 'NUXT_', 'EXPO_PUBLIC_', 'PUBLIC_', 'GATSBY_', 'VUE_APP_'];

/**
 * The server of a client built with these options, or undefined when the options name none (the
 * SDK's own default server). Targets: a host in the table (or `*.suffix`), a fragment of the URL's
 * literal text (`/openai/deployments/`), loopback, private-network, `.local`/`.internal` and
 * single-label hosts (self-hosted), an environment name by its prefix (OLLAMA_ is self-hosted,
 * GROQ_ is Groq).
 */
export function resolveEndpoint(options: TS.Expression | undefined, endpoints: VendorEndpoints, resolve: ConstResolver): ResolvedEndpoint | undefined {
  const found = endpointOf(options, endpoints.option, resolve);
  if (!found) return undefined;
  const { source, text } = found;
  const target = targetOf(source, endpoints) ?? pathTarget(text, endpoints);
  return target === undefined ? { source } : { source, target };
}

/** Who runs an endpoint by the catalog's table alone: a vendor id, `self-hosted`, or undefined (unknown). */
export function targetOf(source: EndpointSource, endpoints: VendorEndpoints): string | undefined {
  if ('expression' in source) return undefined;
  if ('env' in source) {
    const name = unprefixed(source.env);
    if ((endpoints.selfHostedEnv ?? []).some((prefix) => name.startsWith(prefix))) return 'self-hosted';
    const byEnv = Object.entries(endpoints.env ?? {}).filter(([prefix]) => name.startsWith(prefix));
    // The longest prefix wins, whatever the order of the table (AZURE_OPENAI_ before AZURE_).
    byEnv.sort((a, b) => b[0].length - a[0].length);
    return byEnv[0]?.[1];
  }
  const host = source.host.toLowerCase();
  if (isLocalHost(host)) return 'self-hosted';
  return hostTarget(host, endpoints.hosts);
}

function unprefixed(name: string): string {
  for (const prefix of FRAMEWORK_ENV_PREFIXES) if (name.startsWith(prefix) && name.length > prefix.length) return name.slice(prefix.length);
  return name;
}

function pathTarget(text: string, endpoints: VendorEndpoints): string | undefined {
  for (const [fragment, target] of Object.entries(endpoints.paths ?? {})) if (text.includes(fragment)) return target;
  return undefined;
}

interface Found {
  source: EndpointSource;
  /** The literal text of the URL as far as the code writes it (the parts of a template), for `paths:`. */
  text: string;
}

function endpointOf(options: TS.Expression | undefined, paths: string | string[], resolve: ConstResolver): Found | undefined {
  for (const path of Array.isArray(paths) ? paths : [paths]) {
    let node: TS.Expression | undefined = options;
    for (const key of path.split('.')) node = node && propertyOf(unwrap(node, resolve), key, resolve);
    if (!node || isNothing(unwrap(node, resolve))) continue;
    const source = valueEndpoint(node, resolve, 0) ?? { expression: excerpt(serverPart(node, resolve).getText().replace(/\s+/g, ' '), 60) };
    return { source, text: literalText(node, resolve, 0) };
  }
  return undefined;
}

/** The part of a URL expression that names the server: `ENDPOINT` in `${ENDPOINT}/openai/deployments/${id}` or `ENDPOINT + '/v1'`. */
function serverPart(expression: TS.Expression, resolve: ConstResolver, depth = 0): TS.Expression {
  const node = unwrap(expression, resolve);
  if (depth > 4) return node;
  if (ts.isTemplateExpression(node) && !node.head.text && node.templateSpans[0]) return serverPart(node.templateSpans[0].expression, resolve, depth + 1);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return serverPart(node.left, resolve, depth + 1);
  return node;
}

function isNothing(node: TS.Expression): boolean {
  return node.kind === ts.SyntaxKind.UndefinedKeyword || node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined');
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
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === key) return resolve(property.name) ?? property.name;
  }
  return undefined;
}

function valueEndpoint(expression: TS.Expression, resolve: ConstResolver, depth: number): EndpointSource | undefined {
  if (depth > 4) return undefined;
  const node = unwrap(expression, resolve);
  if (ts.isStringLiteralLike(node)) return hostOf(node.text);
  if (ts.isTemplateExpression(node)) {
    if (node.head.text) return hostOf(node.head.text);
    return node.templateSpans[0] ? valueEndpoint(node.templateSpans[0].expression, resolve, depth + 1) : undefined;
  }
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.PlusToken)) {
    // process.env.AI_URL ?? 'http://localhost:11434': the variable decides; `ENDPOINT + '/v1'`: the left part is the server.
    return valueEndpoint(node.left, resolve, depth + 1) ?? (node.operatorToken.kind === ts.SyntaxKind.PlusToken ? undefined : valueEndpoint(node.right, resolve, depth + 1));
  }
  // process.env.OLLAMA_BASE_URL, process.env['VLLM_URL'], import.meta.env.VITE_AI_URL
  const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
  const holder = ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ? node.expression : undefined;
  if (name && holder && ts.isPropertyAccessExpression(holder) && holder.name.text === 'env') return { env: name };
  return undefined;
}

/** The literal parts of the URL expression, joined: `${ENDPOINT}/openai/deployments/${ID}` gives `/openai/deployments/`. */
function literalText(expression: TS.Expression, resolve: ConstResolver, depth: number): string {
  if (depth > 4) return '';
  const node = unwrap(expression, resolve);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => `${literalText(span.expression, resolve, depth + 1)}${span.literal.text}`)].join('');
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return literalText(node.left, resolve, depth + 1) + literalText(node.right, resolve, depth + 1);
  return '';
}

function hostOf(url: string): EndpointSource | undefined {
  // The userinfo part (`user:password@`) is skipped: a report never shows credentials.
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(url.trim());
  return match ? { host: match[1]!.toLowerCase() } : undefined;
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
