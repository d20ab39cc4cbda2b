import type { Log, ReportingDescriptor, Result } from 'sarif';
import { strengthOf, violationKind, violationMessage } from '../model/messages';
import { recipientName } from '../model/endpoints';
import type { DataItem, Flow, ScanResult, ViolationKind } from '../model/result';

const HELP_URI = 'https://github.com/piiflow/piiflow#the-policy-file-piiflowpolicyyaml';

/** One SARIF rule per kind of check, with the help a code-scanning UI shows next to each result. */
const RULES: Record<ViolationKind, ReportingDescriptor> = {
  'not-allowed': {
    id: 'piiflow/not-allowed',
    name: 'PersonalDataNotAllowed',
    shortDescription: { text: 'Personal data reaches a vendor that the policy does not allow to receive it' },
    fullDescription: { text: 'A personal-data category reaches a third-party SDK call, and piiflow.policy.yaml does not allow it for that vendor.' },
    help: {
      text: 'Remove the data from the call, anonymize it (hash or pseudonymize) if the policy allows that, or allow the category for the vendor in piiflow.policy.yaml after review.',
      markdown: 'Remove the data from the call, anonymize it (hash or pseudonymize) if the policy allows that, or allow the category for the vendor in `piiflow.policy.yaml` after review.',
    },
    helpUri: HELP_URI,
    defaultConfiguration: { level: 'error' },
  },
  'anonymize-required': {
    id: 'piiflow/anonymize-required',
    name: 'PersonalDataNotAnonymized',
    shortDescription: { text: 'Personal data is sent in clear where the policy allows it only anonymized' },
    fullDescription: { text: 'The policy lists the category under anonymize for this vendor: it may be sent only hashed or pseudonymized.' },
    help: { text: 'Hash the value before sending it (an HMAC-SHA256 with a secret key), or declare your pseudonymization function under anonymizers in piiflow.policy.yaml.' },
    helpUri: HELP_URI,
    defaultConfiguration: { level: 'error' },
  },
  'plain-hash': {
    id: 'piiflow/plain-hash',
    name: 'PlainHashIsPseudonymization',
    shortDescription: { text: 'Personal data is hashed without a secret key where the policy requires it anonymized' },
    fullDescription: { text: 'A plain hash (sha256 of an e-mail address, say) is pseudonymization, not anonymization: anyone can hash candidate values and compare. The policy lists the category under anonymize without accept: plain-hash.' },
    help: {
      text: 'Hash with a secret key (an HMAC-SHA256, or a salt read from the environment), or, where the vendor needs a plain hash to match records (ad platforms), write { category: <category>, accept: plain-hash } under the vendor\'s anonymize in piiflow.policy.yaml.',
      markdown: 'Hash with a secret key (an HMAC-SHA256, or a salt read from the environment), or, where the vendor needs a plain hash to match records (ad platforms), write `{ category: <category>, accept: plain-hash }` under the vendor\'s `anonymize` in `piiflow.policy.yaml`.',
    },
    helpUri: HELP_URI,
    defaultConfiguration: { level: 'error' },
  },
  'weak-anonymizer': {
    id: 'piiflow/weak-anonymizer',
    name: 'WeakAnonymization',
    shortDescription: { text: 'Personal data is anonymized with a weak hash' },
    fullDescription: { text: 'md5 or sha1 without a key: lookup tables reverse them for e-mail addresses and phone numbers.' },
    help: { text: 'Use sha256 or stronger with a secret key (HMAC).' },
    helpUri: HELP_URI,
    defaultConfiguration: { level: 'error' },
  },
  'collected-by-sdk': {
    id: 'piiflow/collected-by-sdk',
    name: 'PersonalDataCollectedBySdk',
    shortDescription: { text: 'An SDK is configured to collect personal data on its own' },
    fullDescription: { text: 'Under the options written at this call, the SDK collects a category (IP geolocation, device, referrer, session replay) that the policy does not allow for the vendor.' },
    help: { text: "Change the SDK's options (for example ip: false, sendDefaultPii: false, masked session replay), or allow the category for the vendor in piiflow.policy.yaml." },
    helpUri: HELP_URI,
    defaultConfiguration: { level: 'error' },
  },
  unclassified: {
    id: 'piiflow/unclassified-data',
    name: 'ObjectOfUnknownShape',
    shortDescription: { text: 'An object whose fields are unknown reaches a vendor' },
    fullDescription: { text: "An object nobody can know the fields of from the code (a request's body, a parsed JSON text, a record typed any or Record<string, unknown>) is sent whole or spread to a third-party SDK call: piiflow cannot tell what personal data it carries." },
    help: {
      text: 'Send the fields the vendor needs by name (pick them from the object, or give it a declared type), so that each is classified; or decide for objects of unknown shape with unclassified: deny, warn or allow in piiflow.policy.yaml.',
      markdown: 'Send the fields the vendor needs by name (pick them from the object, or give it a declared type), so that each is classified; or decide for objects of unknown shape with `unclassified: deny | warn | allow` in `piiflow.policy.yaml`.',
    },
    helpUri: HELP_URI,
    defaultConfiguration: { level: 'warning' },
  },
};

const KINDS = Object.keys(RULES) as ViolationKind[];

/**
 * SARIF 2.1.0 for code-scanning UIs: one result per violation (suppressed ones carry their
 * suppression, baselined ones `baselineState: unchanged`), the trace as a code flow, URIs
 * relative to the %SRCROOT% base id, and the piiflow fingerprint as a partial fingerprint.
 */
export function renderSarif(result: ScanResult, options: { vendorNames?: ReadonlyMap<string, string> } = {}): string {
  const names = options.vendorNames ?? new Map(result.summary.vendors.map((vendor) => [vendor.vendor, vendor.name]));
  const results: Result[] = [];
  for (const flow of result.flows) {
    for (const item of flow.data) {
      if (item.verdict !== 'violation') continue;
      results.push(toResult(flow, item, recipientName(flow, names.get(flow.vendor) ?? flow.vendor)));
    }
  }
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'piiflow',
            version: result.tool.version,
            informationUri: 'https://github.com/piiflow/piiflow',
            rules: KINDS.map((kind) => RULES[kind]),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder piiflow scanned' } } },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toResult(flow: Flow, item: DataItem, vendorName: string): Result {
  const kind = violationKind(item);
  const location = (file: string, line: number, column: number, end?: { line: number; column: number }) => ({
    physicalLocation: {
      artifactLocation: { uri: relativeUri(file), uriBaseId: '%SRCROOT%' },
      region: { startLine: line, startColumn: column, ...(end ? { endLine: end.line, endColumn: end.column } : {}) },
    },
  });
  const result: Result = {
    ruleId: RULES[kind].id,
    ruleIndex: KINDS.indexOf(kind),
    level: item.severity === 'warning' ? 'warning' : 'error',
    message: { text: violationMessage(item, flow, vendorName) },
    locations: [location(flow.sink.file, item.at.line, item.at.column, { line: item.at.endLine, column: item.at.endColumn })],
    partialFingerprints: { 'piiflow/v1': item.fingerprint },
    properties: { vendor: flow.vendor, category: item.category, field: item.field, ...(item.unknownShape !== undefined ? { unknownShape: item.unknownShape } : {}), call: flow.sink.call, anonymized: item.anonymized, ...(item.anonymized ? { anonymizerStrength: strengthOf(item) } : {}) },
  };
  if (item.trace.length > 1) {
    result.codeFlows = [
      {
        threadFlows: [
          {
            locations: item.trace.map((step) => ({ location: { ...location(step.file, step.line, step.column), message: { text: step.expression } } })),
          },
        ],
      },
    ];
  }
  if (item.suppressed) {
    result.suppressions = [{ kind: item.suppressed.by === 'comment' ? 'inSource' : 'external', justification: item.suppressed.reason, status: 'accepted' }];
  }
  if (item.baselined !== undefined || item.change !== undefined) result.baselineState = item.baselined ? 'unchanged' : 'new';
  return result;
}

/**
 * A relative path as a URI reference (RFC 3986): each segment percent-encoded, so that `#`, `?`,
 * `%` and spaces in a file name stay part of the path instead of starting a fragment or a query.
 */
export function relativeUri(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
