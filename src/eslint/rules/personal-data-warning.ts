import { createRule } from '../create-rule';
import { ITEM_MESSAGES, RULE_OPTIONS_SCHEMA, analyzeForRule, reportItems, selectWarnings, type RuleOptions } from './no-unapproved-personal-data';

export const WARNING_RULE_NAME = 'personal-data-warning';

/**
 * The violations a policy declares warnings (`warn: [category]`, `severity: warning`): ESLint
 * sets severity per rule, not per message, so they have a rule of their own, on `warn` in the
 * presets. Problems with the file or the policy are reported by no-unapproved-personal-data only.
 */
export default createRule<[RuleOptions]>({
  name: WARNING_RULE_NAME,
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Report personal data reaching third-party SDKs that piiflow.policy.yaml declares a warning',
      recommended: true,
    },
    hasSuggestions: true,
    schema: RULE_OPTIONS_SCHEMA,
    messages: { ...ITEM_MESSAGES },
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program() {
        const { session, outcome } = analyzeForRule(context, options);
        if (outcome === 'excluded' || !('kind' in outcome) || outcome.kind !== 'found') return;
        reportItems(context, session, outcome, selectWarnings);
      },
    };
  },
});
