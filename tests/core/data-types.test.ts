import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES_DIR, CATEGORIES, loadCatalog, stillAboutPerson, tokenize } from '../helpers/piiflow';

const catalog = loadCatalog();

/** Classifies an example as the engine would meet it: a bare name, or a property read (`customer.mail`). */
function classifyExample(example: string): string | undefined {
  const parts = example.split('.');
  if (parts.length === 1) return catalog.names.classify(example, false)?.category;
  const field = parts.pop()!;
  const receiver = parts[parts.length - 1]!;
  const aboutPerson = stillAboutPerson(false, receiver);
  return catalog.names.classify(field, aboutPerson)?.category ?? (!aboutPerson ? catalog.names.classify(`${receiver}_${field}`, false)?.category : undefined);
}

describe('data types', () => {
  it('has exactly one YAML file per category of the fixed vocabulary', () => {
    const files = readdirSync(join(BUNDLED_RULES_DIR, 'data-types')).map((name) => name.replace(/\.yaml$/, '')).sort();
    expect(files).toEqual([...CATEGORIES].sort());
    expect(catalog.dataTypes.map((type) => type.id).sort()).toEqual([...CATEGORIES].sort());
  });

  describe.each(catalog.dataTypes.map((type) => [type.id, type] as const))('%s', (id, type) => {
    it.each(type.examples.match)(`classifies %s as ${id}`, (example) => {
      expect(classifyExample(example)).toBe(id);
    });
    it.each(type.examples.noMatch)(`does not classify %s as ${id}`, (example) => {
      expect(classifyExample(example)).not.toBe(id);
    });
  });
});

describe('fields that carry a category by the role of their argument (byRole)', () => {
  it('names the content fields of a model request, in any spelling, and nothing else', () => {
    const prompt = catalog.dataTypes.find((type) => type.id === 'prompt')!;
    expect(prompt.byRole?.prompt?.length).toBeGreaterThan(5);
    for (const field of prompt.byRole!.prompt!) expect(catalog.names.roleField('prompt', field), field).toBe('prompt');
    expect(['messages', 'chatHistory', 'system_instruction', 'additionalInstructions'].map((field) => catalog.names.roleField('prompt', field))).toEqual(['prompt', 'prompt', 'prompt', 'prompt']);
    expect(['model', 'temperature', 'tools', 'response_format', 'user'].map((field) => catalog.names.roleField('prompt', field))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(catalog.names.roleArgument('prompt')).toBe('prompt');
  });

  it('counts only in an argument of that role: `messages` sent to analytics is no prompt', () => {
    expect(catalog.names.roleField('event-properties', 'messages')).toBeUndefined();
    expect(catalog.names.roleArgument('event-properties')).toBeUndefined();
  });
});

describe('tokenize', () => {
  it.each([
    ['userEmailAddress', ['user', 'email', 'address']],
    ['user_email-address', ['user', 'email', 'address']],
    ['$email', ['email']],
    ['USER_EMAIL', ['user', 'email']],
    ['XMLHttpRequest', ['xml', 'http', 'request']],
    ['addressLine1', ['address', 'line']],
    ['X-Forwarded-For', ['x', 'forwarded', 'for']],
    ['prénom', ['prenom']],
    ['Straße', ['strasse']],
    ['date de naissance', ['date', 'de', 'naissance']],
  ])('%s', (name, words) => {
    expect(tokenize(name)).toEqual(words);
  });
});

describe('name classification', () => {
  it('prefers the longest pattern: emailAddress is an email, ipAddress an IP, not a postal address', () => {
    expect(catalog.names.classify('emailAddress', false)?.category).toBe('email');
    expect(catalog.names.classify('ipAddress', false)?.category).toBe('ip_address');
    expect(catalog.names.classify('homeAddress', false)?.category).toBe('address');
  });

  it('lets ambiguous words match only about a person', () => {
    expect(catalog.names.classify('name', false)).toBeUndefined();
    expect(catalog.names.classify('name', true)?.category).toBe('name');
    expect(catalog.names.classify('id', true)?.category).toBe('user_id');
    expect(catalog.names.classify('customerName', false)?.category).toBe('name');
  });

  it('marks names that say the value was hashed', () => {
    expect(catalog.names.classify('hashedEmail', false)).toEqual({ category: 'email', anonymizedByName: true });
    expect(catalog.names.classify('email_sha256', false)).toEqual({ category: 'email', anonymizedByName: true });
  });

  it('ignores flags and statistics about a value', () => {
    for (const name of ['isEmailVerified', 'hasPhone', 'emailCount', 'validateEmail', 'showAddress']) {
      expect(catalog.names.classify(name, true), name).toBeUndefined();
    }
  });
});
