export * from './common.js';
export * from './problem.js';
export * from './error-codes.js';
export * from './partners.js';
export * from './taxonomies.js';
export * from './clusters.js';
