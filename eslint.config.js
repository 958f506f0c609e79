import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * Module boundaries (CONTRIBUTING.md, "Module boundaries"): a module's `*.table.ts` and
 * `*.repo.ts` are its own; other modules call its service. Below, the few imports of another
 * module's table or repo that are allowed, each with its reason.
 */
const API = 'packages/api/src';
const MODULES = readdirSync(`${API}/modules`, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** Every module may use these: they write inside the caller's transaction, and have no service. */
const SHARED_WRITES = [
  'audit/audit.repo', // recordAudit: the audit entry commits or rolls back with the change
  'outbox/outbox.repo', // enqueueMail: the e-mail is queued with the change that causes it
];

/** Read-side joins: a module's queries that read another module's rows in the same SQL. */
const JOINS = {
  'api-keys': ['users/users.table'], // the name of who created each key
  brand: ['clusters/clusters.table'], // the holder's name and slug beside each award, for staff and the public verification
  auth: ['users/users.table', 'users/users.repo'], // signing in is reading and stamping the account
  clusters: ['organisations/organisations.table'], // members are organisations (memberships)
  organisations: ['clusters/clusters.table', 'clusters/clusters.repo'], // and their clusters
  consulting: ['users/users.table', 'organisations/organisations.table', 'clusters/clusters.table'], // assignees; the requester's organisation and cluster
  'dialogue-events': ['clusters/clusters.table', 'organisations/organisations.table'], // who took part
  evaluations: ['clusters/clusters.table', 'organisations/organisations.table', 'users/users.table'], // the evaluated cluster, its members, the evaluator
  'funding-calls': ['clusters/clusters.table', 'clusters/clusters.repo'], // calls are matched to clusters
  imports: ['clusters/clusters.table', 'organisations/organisations.table'], // the directory's CSV round trip, in bulk
  indicators: ['clusters/clusters.table', 'users/users.table'], // reporting counts across the directory
  public: ['clusters/clusters.repo'], // the portal's read-only directory
  search: ['clusters/clusters.repo'], // one search over the directory
  // A person's digest is one read of what is new for their clusters, across the modules that publish.
  digests: [
    'organisations/organisations.table',
    'clusters/clusters.table',
    'publications/publications.table',
    'funding-calls/funding-calls.table',
    'dialogue-events/dialogue-events.table',
  ],
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BOUNDARY_MESSAGE =
  "A module's tables and repos are its own: call its service instead (CONTRIBUTING.md, 'Module boundaries'; the joins that are allowed are listed in eslint.config.js)";

/** Forbids relative imports of `<module>/<file>.(table|repo).js` except `allowed` (`module/file`). */
function privatePattern(kinds, allowed, own) {
  const except = [...allowed.map((a) => `${escape(a)}\\.js$`), ...(own ? [`${escape(own)}/`] : [])];
  const lookahead = except.length ? `(?!(?:${except.join('|')}))` : '';
  return { regex: `^(?:\\.\\./)+(?:modules/)?${lookahead}[\\w-]+/[\\w.-]+\\.(?:${kinds})\\.js$`, message: BOUNDARY_MESSAGE };
}
const ALL_TABLES = { regex: '^(?:\\.\\./)+db/schema\\.js$', message: 'It brings in every table: import the tables of your own module.' };
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const moduleBoundaries = [
  // Outside the modules (app, plugins, db): no module's tables or repos.
  { files: [`${API}/**/*.ts`], rules: restrict(privatePattern('table|repo', [])) },
  ...MODULES.flatMap((m) => [
    {
      files: [`${API}/modules/${m}/**/*.ts`],
      rules: restrict(privatePattern('table|repo', [...SHARED_WRITES, ...(JOINS[m] ?? [])], m), ALL_TABLES),
    },
    // Joins are written in repos: services and routes reach no other module's table.
    {
      files: [`${API}/modules/${m}/**/*.service.ts`, `${API}/modules/${m}/**/*.routes.ts`],
      rules: restrict(
        privatePattern('table|repo', [...SHARED_WRITES, ...(JOINS[m] ?? []).filter((j) => !j.endsWith('.table'))], m),
        ALL_TABLES,
      ),
    },
  ]),
  // The restore enters itself in the audit trail, like every change (the shared writes above).
  { files: [`${API}/db/backup/**/*.ts`], rules: restrict(privatePattern('table|repo', SHARED_WRITES)) },
  // A table may reference any other for its foreign keys; that is schema, not behaviour.
  { files: [`${API}/modules/**/*.table.ts`], rules: restrict(privatePattern('repo', [])) },
  // Demo data is built through the modules' services and repos, so that their rules hold for it.
  { files: [`${API}/demo/**/*.ts`], rules: restrict(privatePattern('table', []), ALL_TABLES) },
  {
    files: [
      `${API}/db/schema.ts`, // the one list of every table, for drizzle and its migrations
      `${API}/**/*.test.ts`, // tests arrange and check the database directly
      `${API}/test/**/*.ts`,
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      'data/**',
      'packages/api/drizzle/**',
      // Generated from the OpenAPI document, and the README's example written out for tsc.
      'packages/client/src/schema.ts',
      'packages/client/examples/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'vue/multi-word-component-names': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['packages/admin/src/App.vue'],
    rules: { 'vue/multi-word-component-names': 'off' },
  },
  ...moduleBoundaries,
  prettier,
);
