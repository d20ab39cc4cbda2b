import { dirname, relative } from 'node:path';
import type { Rule } from 'eslint';
import { DEFAULT_MAX_FILE_MS, ModuleGraph, needsAnalysis, PiiflowUserError, Project, analyzeSourceFile, repositoryRoot, guardStack, loadCatalog, resolvePolicy, type Catalog, type LoadedPolicy, advice, trail } from '../../session/index';
import { sourceFileFor } from '../source-file';

export const RULE_NAME = 'no-unapproved-personal-data';

/** One project per ESLint process: the app modules that linted files import are parsed once (and again when they change). */
let shared: Project | undefined;
function projectFor(catalog: Catalog, cwd: string): Project {
  // Imports are followed inside the repository ESLint runs in, and nowhere else.
  if (!shared || shared.catalog !== catalog) shared = new Project(catalog, new ModuleGraph(repositoryRoot(cwd)));
  return shared;
}

export interface RuleOptions {
  /** A policy file, relative to ESLint's working directory; default: the nearest piiflow.policy.yaml above the linted file. */
  policy?: string;
}

const rule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow personal data reaching third-party SDKs unless piiflow.policy.yaml allows it',
      recommended: true,
      url: 'https://github.com/piiflow/piiflow/blob/main/docs/rules/no-unapproved-personal-data.md',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: { policy: { type: 'string', description: 'Path of the policy file, relative to the working directory.' } },
        additionalProperties: false,
      },
    ],
    messages: {
      notAllowed: '{{field}} ({{category}}) is sent to {{vendor}} by {{call}}: {{reason}}.{{trail}} {{advice}}',
      collected: '{{call}} makes {{vendor}} collect {{category}} on its own: {{field}}. {{reason}}. {{advice}}',
      invalidPolicy: 'piiflow cannot check this file: {{problem}}',
      notAnalysed: 'piiflow did not analyse this file: {{problem}}.',
      suppression: '{{problem}}',
      removeProperty: 'Remove `{{field}}` from the data sent to {{vendor}}.',
    },
  },
  create(context) {
    const filename = context.filename ?? (context as unknown as { getFilename(): string }).getFilename();
    const cwd = context.cwd ?? (context as unknown as { getCwd(): string }).getCwd();
    const sourceCode = context.sourceCode ?? (context as unknown as { getSourceCode(): Rule.RuleContext['sourceCode'] }).getSourceCode();
    const options = (context.options[0] ?? {}) as RuleOptions;
    return {
      Program(program) {
        const bundled = loadCatalog();
        let policy: LoadedPolicy;
        try {
          policy = resolvePolicy(bundled, dirname(filename), options.policy, cwd);
        } catch (error) {
          if (!(error instanceof PiiflowUserError)) throw error;
          context.report({ node: program, messageId: 'invalidPolicy', data: { problem: error.format().replace(/\n\s*/g, ' ') } });
          return;
        }
        const file = relative(cwd, filename).split('\\').join('/') || filename;
        // The policy may add names and vendors to the catalog (dataTypes, customVendors).
        const catalog = policy.catalog ?? bundled;
        const project = projectFor(catalog, cwd);
        project.deadline = Date.now() + DEFAULT_MAX_FILE_MS;
        const displayPath = (absolute: string): string => relative(cwd, absolute).split('\\').join('/') || absolute;
        // Typed linting hands us a program: its checker answers what declarations alone cannot.
        project.useProgram((sourceCode as unknown as { parserServices?: { program?: import('typescript').Program | null } }).parserServices?.program ?? undefined);
        project.forgetUnreached();
        // A file that needs no analysis is left alone, and no tree of it is built or kept.
        if (!needsAnalysis(filename, sourceCode.text, project)) return;
        const outcome = guardStack(() => {
          const sourceFile = sourceFileFor(sourceCode as never, filename);
          project.graph.register(sourceFile, filename);
          return analyzeSourceFile(sourceFile, { catalog, policy, file, project, displayPath });
        });
        if ('tooDeep' in outcome) {
          context.report({ node: program, messageId: 'notAnalysed', data: { problem: outcome.reason } });
          return;
        }
        const { flows, removals, problems } = outcome;
        for (const problem of problems) {
          context.report({ loc: { line: problem.line, column: problem.column - 1 }, messageId: 'suppression', data: { problem: problem.message } });
        }
        for (const flow of flows) {
          const vendor = catalog.vendors.get(flow.vendor)?.name ?? flow.vendor;
          for (const item of flow.data) {
            if (item.verdict !== 'violation' || item.suppressed) continue;
            const removal = removals.get(item);
            context.report({
              loc: { start: { line: item.at.line, column: item.at.column - 1 }, end: { line: item.at.endLine, column: item.at.endColumn - 1 } },
              messageId: item.origin === 'collected' ? 'collected' : 'notAllowed',
              data: { field: item.field, category: item.category, vendor, call: flow.sink.call, reason: item.reason, trail: trail(item, flow.sink.file), advice: advice(item, flow) },
              suggest: removal
                ? [{ messageId: 'removeProperty', data: { field: item.field, vendor }, fix: (fixer) => fixer.removeRange([removal.start, removal.end]) }]
                : [],
            });
          }
        }
      },
    };
  },
};

export default rule;
