import { createHash } from 'node:crypto';
import type { DataItem, Flow } from './result';

/**
 * A fingerprint of one personal-data item at one call: vendor, file, the callee as written
 * (whitespace removed), SDK method, field, category and anonymization (and, for an object of unknown shape, the
 * object as written). No line or column, so
 * it survives lines added above and reformatting; it changes when the call or the data changes.
 */
export function fingerprintOf(flow: Pick<Flow, 'vendor' | 'sink'>, item: Pick<DataItem, 'field' | 'category' | 'anonymized' | 'unknownShape'>): string {
  const parts = [flow.vendor, flow.sink.file, flow.sink.call.replace(/\s+/g, ''), flow.sink.method, item.field.replace(/\s+/g, ''), item.category, item.anonymized ? 'anonymized' : 'clear'];
  // Two objects of unknown shape spread into one argument are two items (the same for every other item: nothing added).
  if (item.unknownShape !== undefined) parts.push(item.unknownShape.replace(/\s+/g, ''));
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20);
}
