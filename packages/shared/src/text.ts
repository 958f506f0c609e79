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
