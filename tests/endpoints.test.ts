import { describe, expect, it } from 'vitest';
import { mergeShards, scan } from './helpers/piiflow';
import { temporaryRepository, writeFiles } from './helpers/repository';
import { join } from 'node:path';
import { renderReport } from '../src/report/index';
import { explain } from '../src/session/explain';

// One app with clients of the openai package pointed at every kind of server.
const APP = `import OpenAI from 'openai';

const ollama = new OpenAI({ baseURL: 'http://localhost:11434/v1', apiKey: 'ollama' });
const vllm = new OpenAI({ baseURL: process.env.NEXT_PUBLIC_VLLM_URL });
const secretHost = new OpenAI({ baseURL: 'http://admin:s3cr3t-pass@10.0.0.5:8000/v1' });
const unknown = new OpenAI({ baseURL: process.env.AI_BASE_URL });
const literal = new OpenAI({ baseURL: 'https://llm.example.com/v1' });
const computed = (settings: { url: string }) => new OpenAI({ baseURL: settings.url });
const openai = new OpenAI();

export async function ask(user: { email: string }, settings: { url: string }) {
  await ollama.chat.completions.create({ model: 'llama3.2', messages: [{ role: 'user', content: user.email }] });
  await ollama.embeddings.create({ model: 'nomic-embed-text', input: 'no one' });
  await vllm.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: user.email }] });
  await secretHost.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: user.email }] });
  await unknown.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: user.email }] });
  await literal.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: user.email }] });
  await computed(settings).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: user.email }] });
  await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: user.email }] });
}
`;

const POLICY = `version: 1
vendors:
  openai: { allow: [email, prompt] }
`;

function describeFlows(result: ReturnType<typeof scan>): string[] {
  return result.flows.map((flow) => {
    const endpoint = flow.endpoint ? ` ${flow.endpoint.host ?? flow.endpoint.env ?? flow.endpoint.expression} by ${flow.endpoint.resolvedBy}` : '';
    return `${flow.sink.line} ${flow.vendor}${endpoint}: ${flow.data.map((item) => `${item.category} ${item.verdict} (${item.reason})`).join(', ')}`;
  });
}

describe('clients of OpenAI-compatible SDKs, by the server they are built with', () => {
  const root = temporaryRepository({ 'src/ai.ts': APP, 'piiflow.policy.yaml': POLICY });
  const result = scan({ paths: [root] });

  it('sends no third-party flow to a self-hosted server, and lists it with its calls and where it comes from', () => {
    expect(result.flows.map((flow) => flow.sink.line)).toEqual([16, 17, 18, 19]);
    expect(result.selfHosted).toEqual([
      { sdk: 'openai', host: '10.0.0.5', sdkName: 'OpenAI', resolvedBy: 'catalog', calls: [{ file: 'src/ai.ts', line: 15, column: 9, call: 'secretHost.chat.completions.create', method: 'client.chat.completions.create', categories: ['email', 'prompt'] }] },
      { sdk: 'openai', env: 'NEXT_PUBLIC_VLLM_URL', sdkName: 'OpenAI', resolvedBy: 'catalog', calls: [{ file: 'src/ai.ts', line: 14, column: 9, call: 'vllm.chat.completions.create', method: 'client.chat.completions.create', categories: ['email', 'prompt'] }] },
      { sdk: 'openai', host: 'localhost', sdkName: 'OpenAI', resolvedBy: 'catalog', calls: [
        { file: 'src/ai.ts', line: 12, column: 9, call: 'ollama.chat.completions.create', method: 'client.chat.completions.create', categories: ['email', 'prompt'] },
        { file: 'src/ai.ts', line: 13, column: 9, call: 'ollama.embeddings.create', method: 'client.embeddings.create', categories: [] },
      ] },
    ]);
  });

  it('never reports the credentials of a URL', () => {
    for (const format of ['json', 'text', 'markdown', 'html', 'inventory-csv', 'inventory-json'] as const) {
      expect(renderReport(format, result, { color: false, target: '.' })).not.toMatch(/s3cr3t|admin:/);
    }
  });

  it('judges a server nobody names as the SDK\'s own vendor, under a name that says the host is unknown', () => {
    expect(describeFlows(result)).toEqual([
      '16 openai AI_BASE_URL by unknown: prompt allowed (allowed by vendors.openai.allow), email allowed (allowed by vendors.openai.allow)',
      '17 openai llm.example.com by unknown: prompt allowed (allowed by vendors.openai.allow), email allowed (allowed by vendors.openai.allow)',
      '18 openai settings.url by unknown: prompt allowed (allowed by vendors.openai.allow), email allowed (allowed by vendors.openai.allow)',
      '19 openai: prompt allowed (allowed by vendors.openai.allow), email allowed (allowed by vendors.openai.allow)',
    ]);
    const text = renderReport('text', result, { color: false, target: '.' });
    expect(text).toContain('src/ai.ts:16:9  unknown.chat.completions.create  to OpenAI-compatible endpoint (host unknown: `AI_BASE_URL`): name it in the policy\'s endpoints:');
    expect(text).toContain('Self-hosted endpoints (no third party):\n  OpenAI client at 10.0.0.5: src/ai.ts:15 (email, prompt)\n  OpenAI client at NEXT_PUBLIC_VLLM_URL: src/ai.ts:14 (email, prompt)\n  OpenAI client at localhost: src/ai.ts:12 (email, prompt), src/ai.ts:13');
  });

  it('lists self-hosted endpoints in the inventory, the Markdown and the HTML report', () => {
    const inventory = JSON.parse(renderReport('inventory-json', result, { color: false, target: '.' })) as { selfHosted: unknown[] };
    expect(inventory.selfHosted).toEqual([
      { sdk: 'openai', source: '10.0.0.5', resolvedBy: 'catalog', categories: ['email', 'prompt'], locations: ['src/ai.ts:15'] },
      { sdk: 'openai', source: 'NEXT_PUBLIC_VLLM_URL', resolvedBy: 'catalog', categories: ['email', 'prompt'], locations: ['src/ai.ts:14'] },
      { sdk: 'openai', source: 'localhost', resolvedBy: 'catalog', categories: ['email', 'prompt'], locations: ['src/ai.ts:12', 'src/ai.ts:13'] },
    ]);
    const csv = renderReport('inventory-csv', result, { color: false, target: '.' });
    expect(csv).toContain('\r\nself-hosted,Self-hosted endpoint localhost (openai client),email,1,no,no,0,,,,,src/ai.ts:12 src/ai.ts:13\r\n');
    expect(renderReport('markdown', result, { color: false, target: '.' })).toContain('### Self-hosted endpoints (no third party)\n\n| endpoint | SDK | personal data | calls |\n|---|---|---|---|\n| `10.0.0.5` | openai | email, prompt | src/ai.ts:15 |');
    expect(renderReport('html', result, { color: false, target: '.' })).toContain('<h2>Self-hosted endpoints</h2>');
  });
});

describe('the policy says who runs an endpoint (endpoints:)', () => {
  it('a variable or a host named self-hosted is listed, not judged; one named for a vendor is judged as that vendor', () => {
    const root = temporaryRepository({ 'src/ai.ts': APP });
    writeFiles(root, {
      'piiflow.policy.yaml': `version: 1
endpoints:
  AI_BASE_URL: self-hosted
  "*.example.com": groq
vendors:
  groq: { allow: [email, prompt] }
`,
    });
    const result = scan({ paths: [root] });
    expect(describeFlows(result)).toEqual([
      '17 groq llm.example.com by policy: prompt allowed (allowed by vendors.groq.allow), email allowed (allowed by vendors.groq.allow)',
      '18 openai settings.url by unknown: prompt violation (the policy does not allow prompt for OpenAI-compatible endpoint (host unknown: `settings.url`)), email violation (the policy does not allow email for OpenAI-compatible endpoint (host unknown: `settings.url`))',
      '19 openai: prompt violation (the policy does not allow prompt for OpenAI), email violation (the policy does not allow email for OpenAI)',
    ]);
    expect(result.selfHosted?.map((endpoint) => `${endpoint.env ?? endpoint.host} by ${endpoint.resolvedBy}: ${endpoint.calls.map((call) => call.line).join(' ')}`)).toEqual([
      '10.0.0.5 by catalog: 15',
      'AI_BASE_URL by policy: 16',
      'NEXT_PUBLIC_VLLM_URL by catalog: 14',
      'localhost by catalog: 12 13',
    ]);
    expect(result.summary.vendors.map((vendor) => `${vendor.vendor} ${vendor.name} ${vendor.calls}`)).toEqual(['groq Groq 1', 'openai OpenAI 2']);
    const sarif = JSON.parse(renderReport('sarif', result, { color: false, target: '.' })) as { runs: { results: { message: { text: string } }[] }[] };
    expect(sarif.runs[0]!.results.map((entry) => entry.message.text.split(': the policy')[0])).toEqual([
      'messages (prompt) is sent to OpenAI-compatible endpoint (host unknown: `settings.url`) by computed(settings).chat.completions.create',
      'messages.0.content (email) is sent to OpenAI-compatible endpoint (host unknown: `settings.url`) by computed(settings).chat.completions.create',
      'messages (prompt) is sent to OpenAI by openai.chat.completions.create',
      'messages.0.content (email) is sent to OpenAI by openai.chat.completions.create',
    ]);
  });
});

describe('piiflow explain on a call of a self-hosted client', () => {
  it('says it is an SDK call whose server the team runs', () => {
    const root = temporaryRepository({ 'src/ai.ts': APP });
    const explanation = explain(join(root, 'src/ai.ts'), 12, { cwd: root });
    expect(explanation.flows).toEqual([]);
    expect(explanation.notSinks).toEqual([
      { call: 'ollama.chat.completions.create', reason: 'an OpenAI client at localhost, a self-hosted server: no third party receives what it sends (listed under selfHosted)' },
    ]);
  });
});

describe('endpoints with --cache and --shard', () => {
  it('a cached scan and merged shards give what one fresh scan gives', () => {
    const root = temporaryRepository({ 'src/ai.ts': APP, 'src/more.ts': APP.replace(/ask/g, 'askAgain'), 'piiflow.policy.yaml': POLICY });
    const fresh = scan({ paths: [root] });
    const cache = join(root, '.piiflowcache');
    scan({ paths: [root], cache });
    let reused = 0;
    const cached = scan({ paths: [root], cache, onCache: (stats) => (reused = stats.reused) });
    expect(reused).toBe(2);
    expect(cached).toEqual(fresh);
    const shards = [1, 2].map((index) => ({ result: scan({ paths: [root], shard: { index, count: 2 } }), file: `shard-${index}.json` }));
    const { selfHosted, flows } = mergeShards(shards);
    expect({ selfHosted, flows }).toEqual({ selfHosted: fresh.selfHosted, flows: fresh.flows });
    expect(fresh.selfHosted?.flatMap((endpoint) => endpoint.calls.map((call) => call.file))).toEqual(['src/ai.ts', 'src/more.ts', 'src/ai.ts', 'src/more.ts', 'src/ai.ts', 'src/ai.ts', 'src/more.ts', 'src/more.ts']);
  });
});
