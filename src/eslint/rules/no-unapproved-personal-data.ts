import type { JSONSchema4 } from 'json-schema';
import { recipientName } from '../../model/endpoints';
import type { Rule } from 'eslint';
import type * as TS from 'typescript';
import { AnalysisSession, repositoryRoot } from '../../session/index';
import { PiiflowUserError } from '../../model/errors';
import { callMessage } from '../../model/messages';
import type { DataItem } from '../../model/result';
import { dirname } from 'node:path';
import { isOpenViolation, isWarning } from '../../model/verdicts';
import { createRule } from '../create-rule';
import { sourceFileFor } from '../source-file';

export const RULE_NAME = 'no-unapproved-personal-data';

export interface RuleOptions {
  /** A policy file, relative to ESLint's working directory; default: the nearest piiflow.policy.yaml above the linted file. */
  policy?: string;
}

/**
 * The sessions of this ESLint process, one per working directory and policy option. ESLint gives a
 * rule no per-run object, so an editor's long-lived process keeps them here; each session owns
 * everything else (policies, module graph, summaries) and re-reads files that changed on disk.
 */
const sessions = new Map<string, AnalysisSession>();

function sessionFor(cwd: string, policy: string | undefined): AnalysisSession {
  const key = `${cwd}\u0000${policy ?? ''}`;
  let session = sessions.get(key);
  if (!session) {
    // Imports are followed inside the repository ESLint runs in, and nowhere else.
    session = new AnalysisSession({ cwd, displayRoot: cwd, boundary: repositoryRoot(cwd), ...(policy !== undefined ? { policy } : {}) });
    sessions.set(key, session);
  }
  return session;
}

/** The messages both rules use: a rule reports the calls it selects the same way. */
export const ITEM_MESSAGES = {
  call: '{{message}}',
  removeProperty: 'Remove `{{field}}` from the data sent to {{vendor}}.',
} as const;

type Outcome = ReturnType<AnalysisSession['analyze']>;

/**
 * One analysis per linted file, shared by piiflow's rules: ESLint gives each rule the same
 * SourceCode object for a file, so the second rule finds the first one's outcome here.
 */
const outcomes = new WeakMap<object, { session: AnalysisSession; outcome: Outcome | PiiflowUserError | 'excluded' }>();

export function analyzeForRule(context: Rule.RuleContext, options: RuleOptions): { session: AnalysisSession; outcome: Outcome | PiiflowUserError | 'excluded' } {
  const filename = context.filename ?? (context as unknown as { getFilename(): string }).getFilename();
  const cwd = context.cwd ?? (context as unknown as { getCwd(): string }).getCwd();
  const sourceCode = context.sourceCode ?? (context as unknown as { getSourceCode(): Rule.RuleContext['sourceCode'] }).getSourceCode();
  const known = outcomes.get(sourceCode);
  if (known && known.session === sessions.get(`${cwd}\u0000${options.policy ?? ''}`)) return known;
  const session = sessionFor(cwd, options.policy);
  // Typed linting hands us a program: its checker answers what declarations alone cannot.
  session.useProgram((sourceCode as unknown as { parserServices?: { program?: TS.Program | null } }).parserServices?.program ?? undefined);
  session.forgetUnreached();
  let outcome: Outcome | PiiflowUserError | 'excluded';
  try {
    // A file the policy's exclude: names is not reported on, as in the scan.
    if (session.excluded(filename)) outcome = 'excluded';
    // A file that needs no analysis is left alone, and no tree of it is built or kept.
    else outcome = session.analyze(filename, sourceCode.text, () => sourceFileFor(sourceCode as never, filename));
  } catch (error) {
    if (!(error instanceof PiiflowUserError)) throw error;
    outcome = error;
  }
  const shared = { session, outcome };
  outcomes.set(sourceCode, shared);
  return shared;
}

/**
 * Reports the selected items of the file's flows: one short message per SDK call, at the call,
 * listing the categories (never several messages stacked on one line); each item written as a
 * property in the call has a suggestion that removes it. With no policy file, the file's first
 * message says how to start one.
 */
export function reportItems(context: Rule.RuleContext, session: AnalysisSession, outcome: Extract<Outcome, { kind: 'found' }>, select: (item: DataItem) => boolean): void {
  const filename = context.filename ?? (context as unknown as { getFilename(): string }).getFilename();
  const { flows, removals } = outcome.analysis;
  const noPolicy = !session.policyFor(dirname(filename)).path;
  let initHint = noPolicy;
  for (const flow of flows) {
    const items = flow.data.filter(select);
    if (items.length === 0) continue;
    const vendor = recipientName(flow, session.vendorName(flow.vendor) ?? flow.vendor);
    const removable = [...new Map(items.flatMap((item) => (removals.has(item) ? [[item.field, removals.get(item)!] as const] : []))).entries()];
    context.report({
      loc: { start: { line: flow.sink.line, column: flow.sink.column - 1 }, end: { line: flow.sink.endLine, column: flow.sink.endColumn - 1 } },
      messageId: 'call',
      data: { message: callMessage(items, flow, vendor, { noPolicy, initHint }) },
      suggest: removable.map(([field, removal]) => ({ messageId: 'removeProperty', data: { field, vendor }, fix: (fixer: Rule.RuleFixer) => fixer.removeRange([removal.start, removal.end]) })),
    });
    initHint = false;
  }
}

/** The options both rules take (the same policy must judge both). */
export const RULE_OPTIONS_SCHEMA: JSONSchema4[] = [
  {
    type: 'object',
    properties: { policy: { type: 'string', description: 'Path of the policy file, relative to the working directory.' } },
    additionalProperties: false,
  },
];

/** Violations the policy declares warnings (`warn:`, `severity: warning`), for the warning rule. */
export const selectWarnings = isWarning;

export default createRule<[RuleOptions]>({
  name: RULE_NAME,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow personal data reaching third-party SDKs unless piiflow.policy.yaml allows it',
      recommended: true,
    },
    hasSuggestions: true,
    schema: RULE_OPTIONS_SCHEMA,
    messages: {
      ...ITEM_MESSAGES,
      invalidPolicy: 'piiflow cannot check this file: {{problem}}',
      notAnalysed: 'piiflow did not analyse this file: {{problem}}.',
      suppression: '{{problem}}',
    },
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program(program) {
        const { session, outcome } = analyzeForRule(context, options);
        if (outcome === 'excluded') return;
        if (outcome instanceof PiiflowUserError) {
          context.report({ node: program, messageId: 'invalidPolicy', data: { problem: outcome.format().replace(/\n\s*/g, ' ') } });
          return;
        }
        if (outcome.kind === 'not-analysed') {
          context.report({ node: program, messageId: 'notAnalysed', data: { problem: outcome.reason } });
          return;
        }
        if (outcome.kind !== 'found') return;
        for (const problem of outcome.analysis.problems) {
          context.report({ loc: { line: problem.line, column: problem.column - 1 }, messageId: 'suppression', data: { problem: problem.message } });
        }
        reportItems(context, session, outcome, isOpenViolation);
      },
    };
  },
});
