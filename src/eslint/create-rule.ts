import type { JSONSchema4 } from 'json-schema';
import type { Rule } from 'eslint';

/** Where each rule's documentation lives: docs/rules/<rule-name>.md. */
const DOCS_URL = 'https://github.com/piiflow/piiflow/blob/main/docs/rules';

export interface RuleDefinition<Options extends readonly unknown[]> {
  name: string;
  meta: Omit<Rule.RuleMetaData, 'docs' | 'schema' | 'messages'> & {
    docs: { description: string; recommended: boolean };
    schema: JSONSchema4[];
    messages: Record<string, string>;
  };
  /** What each option is when the user gives none; the user's object options are merged over it. */
  defaultOptions: Options;
  create(context: Rule.RuleContext, options: Options): Rule.RuleListener;
}

/**
 * Every rule of the plugin is built here (as typescript-eslint's `createRule`): its docs URL comes
 * from its name, and `create` receives the options already merged with the defaults.
 */
export function createRule<Options extends readonly unknown[]>(definition: RuleDefinition<Options>): Rule.RuleModule & { name: string; defaultOptions: Options } {
  return {
    name: definition.name,
    defaultOptions: definition.defaultOptions,
    meta: { ...definition.meta, docs: { ...definition.meta.docs, url: `${DOCS_URL}/${definition.name}.md` } },
    create(context) {
      const options = definition.defaultOptions.map((fallback, index) => {
        const given: unknown = context.options[index];
        if (given === undefined) return fallback;
        return isObject(fallback) && isObject(given) ? { ...fallback, ...given } : given;
      }) as unknown as Options;
      return definition.create(context, options);
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
