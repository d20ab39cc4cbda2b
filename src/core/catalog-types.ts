import type { Category } from './categories';

/** What an argument of an SDK call carries. */
export type ArgumentRole =
  | 'user-id'
  | 'group-id'
  | 'device-id'
  | 'user'
  | 'user-properties'
  | 'event-properties'
  | 'context'
  | 'config'
  | 'message'
  | 'event-name';

export interface DataType {
  id: Category;
  name: string;
  description?: string;
  match: { names?: string[]; exactNames?: string[]; excludeNames?: string[] };
  sources?: string[];
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
  returns: string;
  callback?: { arg: number; param: number };
}

export interface VendorSink {
  call: string | string[];
  entries?: string[];
  when?: Record<string, string[]>;
  args: Record<string, ArgumentRole>;
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
  reserved?: Record<string, Category>;
}
