import { anonymization } from '../model/messages';
import type { Explanation } from '../model/result';

/** `piiflow explain` as text: each flow on the line with its items and their hops, then why other calls there are not SDK calls. */
export function renderExplanation(explanation: Explanation, place: { file: string; line: number }): string {
  const lines: string[] = [];
  for (const flow of explanation.flows) {
    const via = flow.sink.via ? ` via ${flow.sink.via.call} at ${flow.sink.via.file}:${flow.sink.via.line}` : '';
    lines.push(`${flow.sink.file}:${flow.sink.line}:${flow.sink.column}  ${flow.sink.call} sends to ${flow.vendor} (${flow.sink.method}, from ${flow.sink.through})${via}`);
    if (flow.data.length === 0) lines.push('  no personal data reaches this call');
    for (const item of flow.data) {
      const anonymized = item.anonymized ? `, ${anonymization(item)}` : '';
      lines.push(`  ${item.field}: ${item.category}${anonymized}, found by ${item.origin}: ${item.verdict} (${item.reason})`);
      item.trace.forEach((step, index) => lines.push(`    ${index + 1}. ${step.file}:${step.line}:${step.column}  ${step.expression}`));
    }
  }
  for (const other of explanation.notSinks) lines.push(`${place.file}:${place.line}  ${other.call}: not reported: ${other.reason}`);
  if (lines.length === 0) lines.push(`${place.file}:${place.line}: no call on this line reaches an SDK or looks like one`);
  return `${lines.join('\n')}\n`;
}
