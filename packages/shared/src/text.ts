import { z } from 'zod';

/**
 * Characters that PostgreSQL cannot store in text: NUL (refused with an error), and a UTF-16
 * surrogate without its partner (written as U+FFFD in a text column, refused in a JSON one).
 */
// eslint-disable-next-line no-control-regex -- NUL is the character this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The field-error code of a text with such a character. */
export const UNSTORABLE_TEXT_CODE = 'invalid_characters';
export const UNSTORABLE_TEXT_MESSAGE = 'Contains a character that cannot be stored (NUL or an unpaired surrogate)';

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * Parsed JSON, query strings and headers are plain objects (a query string's may inherit from an
 * empty prototype of its parser's); a stream or a buffer is not walked.
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

interface Node {
  value: unknown;
  key?: string | number;
  parent?: Node;
}

function pathOf(node: Node, last?: string): (string | number)[] {
  const path: (string | number)[] = last === undefined ? [] : [last];
  for (let n: Node | undefined = node; n?.parent; n = n.parent) path.push(n.key!);
  return path.reverse();
}

/**
 * Where, in a parsed request or row, a text (a value or a key) holds a character that cannot be
 * stored: the path of each, at most `max`. Walks without recursion and without copying paths, so
 * that no nesting depth overflows the stack or costs more than its size.
 */
export function unstorableTextPaths(value: unknown, max = 20): (string | number)[][] {
  const found: (string | number)[][] = [];
  const stack: Node[] = [{ value }];
  while (stack.length && found.length < max) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      if (!isStorableText(v)) found.push(pathOf(node));
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: node });
    } else if (isPlainObject(v)) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (isStorableText(key)) stack.push({ value: child, key, parent: node });
        else found.push(pathOf(node, key));
      }
    }
  }
  return found.slice(0, max);
}

/**
 * A schema that first refuses any text that cannot be stored, anywhere in the value, naming its
 * field; then applies `schema`. The API wraps every route's schemas in it; a form can too.
 */
export function withStorableText<T extends z.ZodType>(schema: T) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      for (const path of unstorableTextPaths(value)) {
        ctx.addIssue({ code: 'custom', path, message: UNSTORABLE_TEXT_MESSAGE, params: { code: UNSTORABLE_TEXT_CODE } });
      }
    })
    .pipe(schema);
}

/**
 * Letters that Unicode does not decompose into a base letter and a mark, spelled as PostgreSQL's
 * `unaccent` spells them (its rules file maps "ß" to "ss", "Ł" to "L", "Æ" to "AE").
 */
const UNDECOMPOSED: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
};
const UNDECOMPOSED_RE = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');

/**
 * The one folding of text for comparison, search and names in URLs: lower case, without
 * diacritics, "ß" as "ss", "ł" as "l". An umlaut loses its dots ("Märkte" → "markte", not
 * "maerkte"), as PostgreSQL's `unaccent` folds it: the directory search unaccents what it
 * indexes and what is asked, so a text the app folds matches what the database finds.
 * Everything but letters and digits is left as it is; the variants below decide what becomes of it.
 */
export function foldLetters(value: string): string {
  return value
    .replace(UNDECOMPOSED_RE, (c) => UNDECOMPOSED[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

/** Folds a text for equality: letters and digits only ("Müller-Łódź" and "muller lodz" are equal). */
export function foldText(value: string): string {
  return foldLetters(value).replace(/[^a-z0-9]+/g, '');
}

/** Folds a text into words for keyword matching: letters and digits, single spaces between. */
export function foldWords(value: string): string {
  return foldLetters(value)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A URL name from a display name: folded words joined by hyphens, at most 80 characters. */
export function slugify(name: string): string {
  return foldWords(name).replace(/ /g, '-').slice(0, 80).replace(/-+$/, '');
}

/** Text made safe inside HTML or XML, in element content and in quoted attributes alike. */
export const escapeMarkup = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The one form of an e-mail address the platform stores and compares: without surrounding blanks,
 * in lower case. Every schema that takes an address and every lookup of a person by address use it,
 * so that the personal-data export and erasure find what intake, invitations and imports stored.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
