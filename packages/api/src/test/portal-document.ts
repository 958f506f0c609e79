/**
 * The public API's part of the OpenAPI document (`/api/v1/public/…`), with the components it
 * refers to and nothing else: what the typed client of `packages/client` is generated from.
 */

type Json = Record<string, unknown>;
export interface PortalDocument extends Json {
  paths: Record<string, Record<string, Json>>;
}

export function portalDocument(doc: Json): PortalDocument {
  const paths = Object.fromEntries(
    Object.entries(doc.paths as Json).filter(([path]) => path.startsWith('/api/v1/public/')),
  ) as PortalDocument['paths'];
  const components = doc.components as Record<string, Record<string, unknown>>;
  const kept: Record<string, Record<string, unknown>> = {};
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')) {
        const [, , kind, name] = value.split('/') as [string, string, string, string];
        if (kept[kind]?.[name] !== undefined) continue;
        (kept[kind] ??= {})[name] = components[kind]![name];
        visit(components[kind]![name]);
      } else visit(value);
    }
  };
  visit(paths);
  const tags = new Set(
    Object.values(paths).flatMap((item) => Object.values(item).flatMap((op) => (op.tags as string[] | undefined) ?? [])),
  );
  return {
    openapi: doc.openapi,
    info: doc.info,
    ...(doc.servers ? { servers: doc.servers } : {}),
    tags: (doc.tags as { name: string }[]).filter((tag) => tags.has(tag.name)),
    paths,
    components: { ...kept, securitySchemes: components.securitySchemes },
  };
}
