import type { Category } from '../model/categories';
import type { ArgumentRole, DataType } from './catalog-types';

/**
 * Words that say *whose* value a name holds. `customerName` and `user.name` are a person's name;
 * `productName` is not. Ambiguous patterns (`exactNames`) need one of these, or a user-properties
 * argument around them.
 */
const SUBJECT_WORDS = new Set([
  'user', 'users', 'customer', 'client', 'contact', 'member', 'owner', 'person', 'people', 'author', 'profile',
  'account', 'current', 'primary', 'secondary', 'my', 'me', 'viewer', 'buyer', 'seller', 'admin', 'guest',
  'visitor', 'lead', 'subscriber', 'recipient', 'sender', 'patient', 'employee', 'applicant', 'student',
  'player', 'creator', 'requester', 'assignee', 'reporter', 'invitee', 'inviter', 'signer', 'billing',
  'shipping', 'home', 'work', 'personal', 'identity', 'actor', 'attendee', 'participant', 'teammate',
  'human', 'individual', 'consumer', 'shopper', 'passenger', 'traveler', 'rider', 'tenant', 'resident', 'agent', 'staff',
  // French, German, Spanish, Italian, Portuguese (accents are folded: abonné is abonne)
  'utilisateur', 'usager', 'cliente', 'usuario', 'utente', 'nutzer', 'benutzer', 'kunde', 'kunden', 'mitglied', 'membre',
  'miembro', 'membro', 'abonne', 'personne', 'persona', 'pessoa', 'paciente', 'paziente', 'contacto', 'contatto', 'contato',
  'titulaire', 'titular', 'destinataire', 'destinatario', 'empfanger', 'acheteur', 'comprador', 'acquirente', 'mitarbeiter',
  'employe', 'empleado', 'dipendente', 'funcionario', 'eleve', 'alumno', 'aluno', 'studente', 'etudiant', 'inscrit',
]);

/** Words that join a value to its owner in French, Spanish, Italian, Portuguese and German: nom_du_client, email_del_usuario. */
const LINKING_WORDS = new Set(['de', 'du', 'des', 'd', 'del', 'della', 'dello', 'dei', 'do', 'da', 'dos', 'das', 'der', 'von', 'la', 'le', 'el']);

/** A first word that makes the name a flag or a statistic about the value, not the value. */
const NOT_A_VALUE_PREFIXES = new Set([
  'is', 'has', 'have', 'should', 'can', 'was', 'did', 'does', 'allow', 'enable', 'enabled', 'disable',
  'show', 'hide', 'needs', 'need', 'include', 'num', 'count', 'total', 'max', 'min', 'validate', 'check',
  'verify', 'on', 'handle', 'set', 'clear', 'reset', 'remove', 'delete', 'update', 'format', 'parse',
  'render', 'use', 'to', 'with', 'without', 'no', 'missing', 'require', 'required', 'invalid', 'valid',
]);

/** Words that say the value was hashed or masked before it got this name. */
const ANONYMIZED_WORDS = new Set([
  'hash', 'hashed', 'sha', 'sha256', 'sha512', 'digest', 'hmac', 'masked', 'anonymized', 'anonymised',
  'pseudonymized', 'pseudonymised', 'encrypted', 'obfuscated', 'redacted', 'salted',
]);

const wordPattern = /[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g;

/** `userEmailAddress`, `user_email-address`, `$email`, `USER_EMAIL` all become word lists; digits go. */
export function tokenize(name: string): string[] {
  const words: string[] = [];
  // prénom, téléphone, straße: letters with accents are the same word (prenom, telephone, strasse).
  if (/[^\x00-\x7f]/.test(name)) name = name.normalize('NFD').replace(/\p{M}+/gu, '').replace(/ß/g, 'ss');
  for (const part of name.split(/[^A-Za-z0-9]+/)) {
    for (const match of part.match(wordPattern) ?? []) {
      if (!/^[0-9]+$/.test(match)) words.push(match.toLowerCase());
    }
  }
  return words;
}

export function isSubjectName(name: string): boolean {
  return personWords(tokenize(name)) === true;
}

/**
 * What the words of a name say about a person, the last that speaks deciding: `currentUser` is one,
 * `currentOrganization` and `userCompany` are not (a thing after the person), `organizationOwner` is;
 * undefined when no word says.
 */
function personWords(words: readonly string[]): boolean | undefined {
  let person: boolean | undefined;
  for (const word of words) {
    if (SUBJECT_WORDS.has(word)) person = true;
    else if (NOT_A_PERSON.has(word)) person = false;
  }
  return person;
}

/** Things that are not a person even when reached from one: `user.organization.id` is the organization's id. */
const NOT_A_PERSON = new Set([
  'organization', 'organisation', 'org', 'company', 'team', 'workspace', 'tenant', 'group', 'product', 'order', 'item',
  'cart', 'plan', 'subscription', 'invoice', 'project', 'repo', 'repository', 'file', 'event', 'page', 'session',
  'error', 'err', 'exception', 'schema', 'tool', 'function',
  'device', 'app', 'store', 'shop', 'merchant', 'business', 'channel', 'document', 'post', 'comment', 'message',
  'societe', 'entreprise', 'empresa', 'firma', 'azienda', 'unternehmen', 'produit', 'producto', 'prodotto', 'produto',
  'produkt', 'commande', 'pedido', 'ordine', 'bestellung', 'entrepot', 'almacen', 'magazzino', 'lager', 'armazem',
]);

/**
 * Whether a field read from a value keeps describing the same person: `user.address.city` does,
 * `user.company.name` does not.
 */
export function stillAboutPerson(parentIsPerson: boolean, field: string): boolean {
  return personWords(tokenize(field)) ?? parentIsPerson;
}

export interface NameMatch {
  category: Category;
  /** The name itself says the value was hashed (`hashedEmail`); not proof, so reports say so. */
  anonymizedByName: boolean;
}

interface Pattern {
  words: string[];
  category: Category;
  exact: boolean;
}

/** Classifies field and variable names into categories, from the data types' YAML. */
export class NameClassifier {
  private readonly byLastWord = new Map<string, Pattern[]>();
  private readonly excluded = new Set<string>();
  private readonly cache = new Map<string, NameMatch | null>();
  /** Role to field (its words joined by `_`) to the category the field carries in an argument of that role. */
  private readonly roleFields = new Map<ArgumentRole, Map<string, Category>>();
  /** Role to the category its whole argument carries when it is not an object (the first data type that names the role). */
  private readonly roleArguments = new Map<ArgumentRole, Category>();

  constructor(dataTypes: readonly DataType[]) {
    for (const type of dataTypes) {
      for (const [role, fields] of Object.entries(type.byRole ?? {}) as [ArgumentRole, string[]][]) {
        const table = this.roleFields.get(role) ?? new Map<string, Category>();
        for (const field of fields) table.set(tokenize(field).join('_'), type.id);
        this.roleFields.set(role, table);
        if (!this.roleArguments.has(role)) this.roleArguments.set(role, type.id);
      }
      for (const [list, exact] of [
        [type.match.names ?? [], false],
        [type.match.exactNames ?? [], true],
      ] as const) {
        for (const name of list) {
          const words = tokenize(name);
          if (words.length === 0) continue;
          const last = words[words.length - 1]!;
          const patterns = this.byLastWord.get(last) ?? [];
          patterns.push({ words, category: type.id, exact });
          this.byLastWord.set(last, patterns);
        }
      }
      for (const name of type.match.excludeNames ?? []) this.excluded.add(tokenize(name).join(' '));
    }
  }

  /**
   * The category a field of an argument with this role carries whatever its value's name, when the value is
   * not made of literals (`messages` of a model request: prompt).
   */
  roleField(role: ArgumentRole, field: string): Category | undefined {
    const table = this.roleFields.get(role);
    return table && table.get(tokenize(field).join('_'));
  }

  /** The category an argument with this role carries as a whole when it is not an object literal (a prompt passed as text). */
  roleArgument(role: ArgumentRole): Category | undefined {
    return this.roleArguments.get(role);
  }

  /**
   * The category a name carries, if any. `subject` says the name is known to describe a person
   * (it sits in a user-properties argument, or is read from `user.`), which lets the ambiguous
   * `exactNames` (`name`, `id`) match.
   */
  classify(name: string, subject: boolean): NameMatch | undefined {
    const key = `${subject ? '1' : '0'}${name}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.compute(name, subject);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, result ?? null);
    return result;
  }

  private compute(name: string, subject: boolean): NameMatch | undefined {
    const words = tokenize(name);
    const match = this.computeWords(words, subject);
    if (match || words.length < 2 || !SUBJECT_WORDS.has(words[words.length - 1]!)) return match;
    // French, Spanish, Italian and Portuguese put the owner last: nom_client, email_del_usuario, prenom_utilisateur.
    let end = words.length;
    while (end > 1 && SUBJECT_WORDS.has(words[end - 1]!)) end--;
    while (end > 1 && LINKING_WORDS.has(words[end - 1]!)) end--;
    return this.computeWords(words.slice(0, end), true);
  }

  private computeWords(tokens: readonly string[], subject: boolean): NameMatch | undefined {
    let words = [...tokens];
    if (words.length === 0) return undefined;
    if (words.length > 1 && NOT_A_VALUE_PREFIXES.has(words[0]!)) return undefined;
    const anonymizedByName = words.some((word) => ANONYMIZED_WORDS.has(word));
    if (anonymizedByName) words = words.filter((word) => !ANONYMIZED_WORDS.has(word));
    if (words.length === 0 || this.excluded.has(words.join(' '))) return undefined;

    let firstPersonWord = 0;
    while (firstPersonWord < words.length - 1 && SUBJECT_WORDS.has(words[firstPersonWord]!)) firstPersonWord++;
    const aboutSomeone = subject || firstPersonWord > 0;
    const rest = words.slice(firstPersonWord);

    let best: Pattern | undefined;
    for (const pattern of this.byLastWord.get(words[words.length - 1]!) ?? []) {
      const fits = pattern.exact
        ? aboutSomeone && rest.length === pattern.words.length && endsWith(rest, pattern.words)
        : endsWith(words, pattern.words);
      if (!fits) continue;
      if (!best || pattern.words.length > best.words.length || (pattern.words.length === best.words.length && best.exact && !pattern.exact)) {
        best = pattern;
      }
    }
    if (!best) return undefined;
    // `cta_location`, `bannerPosition`: the place of a part of the page, not of a person.
    if (words.slice(0, words.length - best.words.length).some((word) => PAGE_PARTS.has(word))) return undefined;
    return { category: best.category, anonymizedByName };
  }
}

/** Parts of a page or a screen: a name that qualifies a category with one of them is about the page. */
const PAGE_PARTS = new Set(['cta', 'button', 'btn', 'banner', 'modal', 'menu', 'widget', 'toolbar', 'sidebar', 'popup', 'tooltip', 'dialog']);

function endsWith(words: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length > words.length) return false;
  const offset = words.length - suffix.length;
  return suffix.every((word, index) => words[offset + index] === word);
}
