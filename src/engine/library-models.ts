// Library models: what the engine knows of JavaScript's built-ins and of common libraries, as data. Teaching
// the engine one more hash library, array method or data-preserving constructor is one entry here, not an
// edit of the interpreter (evaluate.ts reads these tables). The shapes of node:crypto, Web Crypto and JSON
// (createHash().update().digest(), subtle.digest, JSON.stringify) are still modelled in value.ts.

/**
 * A hash function of a library. `key`: the argument that holds an HMAC's key (the hash is keyed
 * unless that key is written in the code); `members`: functions reached through it (`sha256.hmac`).
 * bcrypt and argon2 salt each hash at random and store the salt in the hash: whoever receives one can
 * still test a guessed e-mail address against it, so they are plain, not keyed.
 */
export interface HashFunction {
  name: string;
  weak: boolean;
  key?: number;
  members?: Readonly<Record<string, HashFunction>>;
}

const JS_SHA256: HashFunction = { name: 'sha256', weak: false, members: { hmac: { name: 'hmac-sha256', weak: false, key: 0 } } };
const JS_SHA224: HashFunction = { name: 'sha224', weak: false, members: { hmac: { name: 'hmac-sha224', weak: false, key: 0 } } };
const JS_SHA512: HashFunction = { name: 'sha512', weak: false, members: { hmac: { name: 'hmac-sha512', weak: false, key: 0 } } };

/** Hash libraries recognised by import (besides node:crypto and Web Crypto, which are matched by shape). */
export const HASH_MODULES: Readonly<Record<string, Readonly<Record<string, HashFunction>>>> = {
  'js-sha256': { default: JS_SHA256, sha256: JS_SHA256, sha224: JS_SHA224 },
  'js-sha512': { default: JS_SHA512, sha512: JS_SHA512 },
  'js-sha1': { default: { name: 'sha1', weak: true }, sha1: { name: 'sha1', weak: true } },
  md5: { default: { name: 'md5', weak: true } },
  'blueimp-md5': { default: { name: 'md5', weak: true } },
  'crypto-js': {
    SHA256: { name: 'sha256', weak: false },
    SHA512: { name: 'sha512', weak: false },
    SHA3: { name: 'sha3', weak: false },
    HmacSHA256: { name: 'hmac-sha256', weak: false, key: 1 },
    HmacSHA512: { name: 'hmac-sha512', weak: false, key: 1 },
    HmacSHA1: { name: 'hmac-sha1', weak: true, key: 1 },
    HmacMD5: { name: 'hmac-md5', weak: true, key: 1 },
    MD5: { name: 'md5', weak: true },
    SHA1: { name: 'sha1', weak: true },
  },
  'crypto-js/sha256': { default: { name: 'sha256', weak: false } },
  'crypto-js/hmac-sha256': { default: { name: 'hmac-sha256', weak: false, key: 1 } },
  'crypto-js/md5': { default: { name: 'md5', weak: true } },
  'object-hash': { default: { name: 'object-hash(sha1)', weak: true }, sha1: { name: 'sha1', weak: true } },
  bcrypt: { hash: { name: 'bcrypt', weak: false }, hashSync: { name: 'bcrypt', weak: false } },
  bcryptjs: { hash: { name: 'bcrypt', weak: false }, hashSync: { name: 'bcrypt', weak: false } },
  argon2: { hash: { name: 'argon2', weak: false } },
  '@noble/hashes/sha256': { sha256: { name: 'sha256', weak: false } },
  '@noble/hashes/sha2': { sha256: { name: 'sha256', weak: false }, sha512: { name: 'sha512', weak: false } },
  '@noble/hashes/hmac': { hmac: { name: 'hmac', weak: false, key: 1 } },
  'hash-wasm': { sha256: { name: 'sha256', weak: false }, sha512: { name: 'sha512', weak: false }, md5: { name: 'md5', weak: true }, createHMAC: { name: 'hmac', weak: false, key: 1 } },
};

/**
 * Words that make a name a key or salt (`HASH_SALT`, `config.pepper`, `hmacSecret`, `apiKey`): a hash
 * whose input mixes one in is keyed, unless its value is written in the code.
 */
export const SECRET_WORDS = new Set(['salt', 'pepper', 'secret', 'key', 'hmac', 'passphrase']);

/** Environment variables that bundlers inline into browser code: anyone can read them. */
export const BROWSER_ENV_PREFIXES = ['NEXT_PUBLIC_', 'VITE_', 'REACT_APP_', 'EXPO_PUBLIC_', 'NUXT_PUBLIC_', 'GATSBY_', 'PUBLIC_', 'VUE_APP_'];


export const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'self', 'global', 'top', 'parent']);

/** String methods whose result still carries the receiver's data. */
export const STRING_PRESERVING = new Set([
  'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'normalize',
  'slice', 'substring', 'substr', 'split', 'replace', 'replaceAll', 'concat', 'padStart', 'padEnd', 'toString', 'valueOf',
  'join', 'at', 'repeat', 'toJSON', 'bind', 'then', 'finally',
]);

/** Array methods that pass each element to a callback: the result is what the callback returns. */
export const ELEMENT_MAPPING = new Set(['map', 'flatMap']);
/** Array methods whose result holds the receiver's elements (some of them, or reordered). */
export const ELEMENT_PRESERVING = new Set(['filter', 'sort', 'toSorted', 'reverse', 'toReversed']);
/** Array methods whose result is one of the receiver's elements. */
export const ELEMENT_PICKING = new Set(['find', 'findLast']);
/** Array methods that add their arguments to the array they are called on: `messages.push({ role, content })`. */
export const ELEMENT_ADDING = new Set(['push', 'unshift']);

/** Schema validators whose result is their input, checked (zod: `schema.parse(body)`). */
export const VALIDATED_INPUT = new Set(['parse', 'parseAsync']);
/** Schema validators whose result holds their input as `data` beside a verdict (zod: `schema.safeParse(body).data`). */
export const VALIDATED_INPUT_AS_DATA = new Set(['safeParse', 'safeParseAsync']);

/**
 * Methods whose result ends in their argument: `readable.pipe(writable)` is the writable, a LangChain prompt template
 * piped into a model (`prompt.pipe(model)`) is a chain that calls the model.
 */
export const PIPED_INTO_ARGUMENT = new Set(['pipe']);

/** Methods and globals whose result is a boolean, number or other non-personal value. */
export const NON_PERSONAL_RESULT = new Set([
  'includes', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'test', 'has', 'some', 'every', 'localeCompare',
  'Boolean', 'Number', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'keys', 'now', 'random', 'floor', 'ceil', 'round',
  'max', 'min', 'abs', 'getTime', 'size', 'search', 'charCodeAt', 'codePointAt', 'findIndex', 'count',
]);

/** Prefixes of a callee name that make its result a value about the user (getEmail(), useCurrentUser()). */
export const GETTER_PREFIXES = new Set(['get', 'fetch', 'load', 'read', 'find', 'lookup', 'current', 'use', 'select', 'resolve']);

/** `new X(value)` whose result holds the value's bytes or text. */
export const DATA_PRESERVING_CONSTRUCTORS = new Set(['URL', 'URLSearchParams', 'Blob', 'Uint8Array', 'Uint16Array', 'Uint32Array', 'DataView', 'String', 'Set', 'Map',
  // new Error(`user ${user.email} couldn't log in`): the message goes wherever the error is reported.
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);
