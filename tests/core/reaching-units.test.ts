import type * as TS from 'typescript';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, ModuleGraph, Project, scan, ts } from '../helpers/piiflow';
import { temporaryRepository } from '../helpers/repository';

/**
 * A file that reaches an SDK only through the app's own modules is evaluated only where it can:
 * the top-level statements and class members that mention (transitively) something that reaches
 * an SDK. The others are "cold", and no call in them is analysed. Cold must never hide a flow.
 */
// A module that names the SDK is hot whole; the wrapper beside it names none, so each of its exports is judged alone.
const ANALYTICS = "import mixpanel from 'mixpanel-browser';\nexport const client = mixpanel;\n";
const WRAPPER = [
  "import { client } from './analytics';",
  'export function track(event: string, properties: object) {',
  '  client.track(event, properties);',
  '}',
  'export const VERSION = 3;',
  '',
].join('\n');

/** The names of a file's cold units (a statement's declared name, a member as Class.member), asked of a fresh project or of `project`. */
function coldNames(root: string, file: string, project = new Project(loadCatalog(), new ModuleGraph(root))): string[] {
  const sourceFile = project.graph.sourceFile(join(root, file))!;
  const { cold } = project.reachingUnitsOf(sourceFile);
  const names: string[] = [];
  for (const statement of sourceFile.statements) {
    if (cold.has(statement)) names.push(nameOf(statement));
    if (ts.isClassDeclaration(statement)) for (const member of statement.members) if (cold.has(member)) names.push(`${statement.name?.text}.${member.name ? member.name.getText() : 'constructor'}`);
  }
  return names.sort();
}

function nameOf(statement: TS.Statement): string {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.map((declaration) => declaration.name.getText()).join(',');
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) return statement.name?.text ?? 'default';
  return statement.getText().slice(0, 20);
}

function flowFiles(root: string): string[] {
  return scan({ paths: [root], noPolicy: true })
    .flows.filter((flow) => flow.data.length > 0)
    .map((flow) => `${flow.sink.file}:${flow.sink.line}`)
    .sort();
}

describe('which parts of a file can reach an SDK', () => {
  it('a function that calls the wrapper, and what calls it, are hot; the rest of the file is cold', () => {
    const root = temporaryRepository({
      'analytics.ts': ANALYTICS,
      'wrapper.ts': WRAPPER,
      'page.ts': [
        "import { track, VERSION } from './wrapper';",
        'export function report(user: { email: string }) {',
        "  track('report', { email: user.email });",
        '}',
        'export function onClick(user: { email: string }) {',
        '  report(user);',
        '}',
        'export function format(value: string) {',
        '  return value.trim();',
        '}',
        'export const label = `v${VERSION}`;',
        'let lastUser: { email: string } | undefined;',
        'export function remember(user: { email: string }) {',
        '  lastUser = user;',
        "  track('remembered', {});",
        '}',
        'export function replay() {',
        "  if (lastUser) format(lastUser.email);",
        '}',
        '',
      ].join('\n'),
    });
    // lastUser is written by a hot function: what reads it (replay) is hot too.
    expect(coldNames(root, 'page.ts')).toEqual(['format', 'label']);
    expect(flowFiles(root)).toEqual(['page.ts:3']);
  });

  it('an export that cannot reach an SDK leaves its importers cold, through re-exports and import cycles', () => {
    const root = temporaryRepository({
      'analytics.ts': ANALYTICS,
      'wrapper.ts': WRAPPER,
      'index.ts': "export * from './wrapper';\nexport { helper as assist } from './helper';\n",
      'helper.ts': "import { VERSION } from './index';\nexport const helper = () => VERSION + 1;\n",
      // x and y import each other; y's relay is hot only through x.
      'x.ts': "import { relay } from './y';\nimport { track } from './index';\nexport const send = (email: string) => track('x', { email });\nexport const again = (email: string) => relay(email);\n",
      'y.ts': "import { send } from './x';\nexport const relay = (email: string) => send(email);\nexport const plain = () => 1;\n",
      'z.ts': "import { relay } from './y';\nexport const z = (email: string) => relay(email);\n",
      'user.ts': "import { assist, VERSION } from './index';\nimport { plain, relay } from './y';\nexport const a = assist();\nexport const b = VERSION;\nexport const c = plain();\nexport const d = (email: string) => relay(email);\n",
    });
    expect(coldNames(root, 'user.ts')).toEqual(['a', 'b', 'c']);
    expect(coldNames(root, 'y.ts')).toEqual(['plain']);
    expect(coldNames(root, 'x.ts')).toEqual([]);
    // In one project, whichever file is asked first: x's again is hot through y's relay, which is hot through x.
    for (const order of [['z.ts', 'x.ts', 'y.ts', 'user.ts'], ['user.ts', 'x.ts', 'y.ts', 'z.ts'], ['y.ts', 'x.ts', 'user.ts', 'z.ts'], ['x.ts', 'z.ts', 'user.ts', 'y.ts']]) {
      const project = new Project(loadCatalog(), new ModuleGraph(root));
      const answers = Object.fromEntries(order.map((file) => [file, coldNames(root, file, project)]));
      expect(answers, order.join(' then ')).toEqual({ 'user.ts': ['a', 'b', 'c'], 'x.ts': [], 'y.ts': ['plain'], 'z.ts': [] });
    }
  });

  it('a class is hot through its hot members: a mention as a type heats a unit only with one of them', () => {
    const root = temporaryRepository({
      'analytics.ts': ANALYTICS,
      'wrapper.ts': WRAPPER,
      'service.ts': [
        "import { track } from './wrapper';",
        'export class Service {',
        '  constructor(private readonly email: string) {}',
        '  report() {',
        "    track('report', { email: this.email });",
        '  }',
        '  size() {',
        '    return 1;',
        '  }',
        '}',
        '',
      ].join('\n'),
      'consumer.ts': [
        "import { Service } from './service';",
        'export function measure(service: Service) {',
        '  return service.size();',
        '}',
        'export function send(service: Service) {',
        '  service.report();',
        '}',
        'export function make(email: string) {',
        '  return new Service(email);',
        '}',
        '',
      ].join('\n'),
    });
    expect(coldNames(root, 'consumer.ts')).toEqual(['measure']);
    // The constructor calls nothing: cold (what report reads of this.email is still found through it).
    expect(coldNames(root, 'service.ts')).toEqual(['Service.constructor', 'Service.size']);
  });

  it('a receiver typed with an interface stands for the implementers that reach an SDK, by their hot members', () => {
    const root = temporaryRepository({
      'analytics.ts': ANALYTICS,
      'wrapper.ts': WRAPPER,
      'writer.ts': 'export interface Writer {\n  write(properties: object): void;\n  flush(): void;\n}\n',
      'segment-writer.ts': [
        "import { track } from './wrapper';",
        "import type { Writer } from './writer';",
        'export class SegmentWriter implements Writer {',
        "  write(properties: object) { track('write', properties); }",
        '  flush() {}',
        '}',
        '',
      ].join('\n'),
      // The file reaches an SDK by an import of its own (a file that cannot is not analysed at all).
      'user.ts': [
        "import type { Writer } from './writer';",
        "import { track } from './wrapper';",
        "export const opened = () => track('opened', {});",
        'export function save(writer: Writer, user: { email: string }) {',
        '  writer.write({ email: user.email });',
        '}',
        'export function close(writer: Writer) {',
        '  writer.flush();',
        '}',
        '',
      ].join('\n'),
    });
    expect(coldNames(root, 'user.ts')).toEqual(['close']);
    expect(flowFiles(root)).toContain('user.ts:5');
  });

  it('a file that names an SDK itself is hot whole; a wrapper beside it is judged export by export', () => {
    const root = temporaryRepository({ 'analytics.ts': `${ANALYTICS}export function unrelated() {\n  return 1;\n}\n`, 'wrapper.ts': WRAPPER });
    expect(coldNames(root, 'analytics.ts')).toEqual([]);
    expect(coldNames(root, 'wrapper.ts')).toEqual(['VERSION']);
    expect(coldNames(root, 'analytics.ts')).toEqual([]);
  });
});
