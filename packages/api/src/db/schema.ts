// Every table of the product, for drizzle-kit and the typed query builder.
export * from '../modules/users/users.table.js';
export * from '../modules/auth/auth.table.js';
export * from '../modules/api-keys/api-keys.table.js';
export * from '../modules/audit/audit.table.js';
export * from '../modules/clusters/clusters.table.js';
export * from '../modules/organisations/organisations.table.js';
export * from '../modules/consulting/consulting.table.js';
export * from '../modules/outbox/outbox.table.js';
export * from '../modules/search/search.table.js';
export * from '../modules/evaluations/evaluations.table.js';
export * from '../modules/funding-calls/funding-calls.table.js';
export * from '../modules/dialogue-events/dialogue-events.table.js';
export * from '../modules/indicators/indicators.table.js';
export * from '../modules/imports/imports.table.js';
export * from '../modules/matchmaking/matchmaking.table.js';
export * from '../modules/brand/brand.table.js';
