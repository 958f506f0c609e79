import type { ImportEntity } from '@euregionet/shared';
import type { Importer } from '../imports.engine.js';
import { clusterImporter } from './clusters.importer.js';
import { contactImporter } from './contacts.importer.js';
import { fundingCallImporter } from './funding-calls.importer.js';
import { membershipImporter } from './memberships.importer.js';
import { organisationImporter } from './organisations.importer.js';

/** Every importable entity, in one place: a new one is one importer file and one line here. */
export const IMPORTERS: { [E in ImportEntity]: Importer<never> } = {
  organisations: organisationImporter as Importer<never>,
  clusters: clusterImporter as Importer<never>,
  memberships: membershipImporter as Importer<never>,
  contacts: contactImporter as Importer<never>,
  'funding-calls': fundingCallImporter as Importer<never>,
};
