import fc, { type Arbitrary } from 'fast-check';

/** The part of JSON Schema (draft 2020-12, as in OpenAPI 3.1) that the API's documents use. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

export type Components = Record<string, JsonSchema>;

export function resolve(schema: JsonSchema, components: Components): JsonSchema {
  let current = schema;
  for (let depth = 0; current.$ref && depth < 10; depth++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = components[name] ?? {};
  }
  return current;
}

function stringArbitrary(s: JsonSchema): Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, min + 40);
  switch (s.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl();
  }
  if (s.pattern) {
    return fc
      .stringMatching(new RegExp(s.pattern))
      .filter((v) => v.length >= min && (s.maxLength === undefined || v.length <= s.maxLength));
  }
  return fc.string({ minLength: min, maxLength: Math.max(min, max), unit: 'grapheme' });
}

/**
 * A fast-check arbitrary of values that satisfy a JSON schema, so that the fuzzer sends requests
 * an honest client could send. Schemas the document derives from zod refinements (a NACE code,
 * "at least one language") cannot be expressed here; values may then fail validation, which the
 * API must answer with a 400 like any other invalid input.
 */
export function arbitraryFor(schema: JsonSchema, components: Components, depth = 0): Arbitrary<unknown> {
  const s = resolve(schema, components);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return fc.oneof(...variants.map((v) => arbitraryFor(v, components, depth + 1)));
  if (s.allOf) return arbitraryFor(Object.assign({}, ...s.allOf.map((a) => resolve(a, components))) as JsonSchema, components, depth + 1);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : ['object'];
  return fc.oneof(...types.map((type) => byType(type, s, components, depth)));
}

function byType(type: string, s: JsonSchema, components: Components, depth: number): Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringArbitrary(s);
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000);
      return type === 'integer'
        ? fc.integer({ min: Math.ceil(Math.max(min, Number.MIN_SAFE_INTEGER)), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) })
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'array': {
      const item = s.items ? arbitraryFor(s.items, components, depth + 1) : fc.anything();
      const minLength = s.minItems ?? 0;
      const maxLength = Math.min(s.maxItems ?? 5, minLength + (depth > 3 ? 0 : 4));
      return s.uniqueItems
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    case 'object':
    default: {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const record: Record<string, Arbitrary<unknown>> = {};
      for (const [name, prop] of Object.entries(props)) {
        // Beyond some depth, leave optional fields out so that generated values stay small.
        if (depth > 4 && !required.has(name)) continue;
        record[name] = arbitraryFor(prop, components, depth + 1);
      }
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
    }
  }
}
