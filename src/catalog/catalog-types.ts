import type { Category } from '../model/categories';
import type { ArgumentRole } from '../model/roles';

export type { ArgumentRole };

/** An argument is either described by its role, or known to be one category whatever its name. */
export type ArgumentSpec = ArgumentRole | { is: Category };

export interface DataType {
  id: Category;
  name: string;
  description?: string;
  match: { names?: string[]; exactNames?: string[]; excludeNames?: string[] };
  sources?: string[];
  /**
   * Per argument role: request fields whose value carries this category whenever it is not made of the
   * program's literals, whatever it is named (`messages` in a model API's request is a prompt).
   */
  byRole?: Partial<Record<ArgumentRole, string[]>>;
  examples: { match: string[]; noMatch: string[] };
}

export interface VendorEntrypoint {
  package?: string;
  global?: string;
  exports?: Record<string, string>;
}

export interface VendorFactory {
  call: string | string[];
  new?: boolean;
  entries?: string[];
  returns: string;
  /** The SDK hands its object to a callback: argument `arg`, or with `key` the option `key` of an options object in `arg`. */
  callback?: { arg: number; param: number; key?: string };
}

export interface VendorSink {
  call: string | string[];
  new?: boolean;
  entries?: string[];
  /** Argument index, or `i.j` for element j of an array argument, to the string literals it must be. */
  command?: Record<string, string[]>;
  /** Argument index, or `i.j` for element j of an array argument, to what it carries. */
  args: Record<string, ArgumentSpec>;
}

/** What an SDK collects on its own once configured, and the options that control it. */
export interface VendorCollection {
  call: string | string[];
  new?: boolean;
  entries?: string[];
  /** Argument literals the call must have, as in a sink (`gtag('config', ...)`). */
  command?: Record<string, string[]>;
  /** The argument holding the options object; with a list, the first of them that is an object. */
  options?: number | number[];
  categories: Category[];
  what: string;
  when?: Record<string, boolean | string | number>;
  unless?: Record<string, boolean | string | number>;
}

/** An OpenAI-compatible SDK: the constructor option that names the server decides who receives the data. */
export interface VendorEndpoints {
  /** Dotted option paths in the constructor's first argument: baseURL, configuration.baseURL. */
  option: string | string[];
  /** Host (or `*.suffix`) to the vendor id that runs it, or `self-hosted`. */
  hosts: Record<string, string>;
  /** Environment-variable prefixes that name a local server (OLLAMA_): the endpoint is self-hosted. */
  selfHostedEnv?: string[];
  /** Environment-variable prefixes that name a vendor (GROQ_BASE_URL is Groq's server): prefix to vendor id. */
  env?: Record<string, string>;
  /** Fragments of the URL's literal text that name a vendor whatever the host (`/openai/deployments/` is Azure OpenAI). */
  paths?: Record<string, string>;
}

export interface Vendor {
  id: string;
  name: string;
  kind: string;
  website?: string;
  docs?: string;
  entrypoints: VendorEntrypoint[];
  factories?: VendorFactory[];
  sinks: VendorSink[];
  collects?: VendorCollection[];
  reserved?: Record<string, Category>;
  /** Keys whose values are the vendor's own ids or settings (`customer: 'cus_...'`, Slack's bot `username`): not reported. */
  notPersonal?: string[];
  endpoints?: VendorEndpoints;
}
