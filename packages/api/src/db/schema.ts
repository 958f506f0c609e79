// Every table of the product, for drizzle-kit and the typed query builder.
export * from '../modules/clusters/clusters.table.js';
export * from '../modules/organisations/organisations.table.js';
