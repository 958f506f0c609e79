import { eventDocuments } from '../dialogue-events/dialogue-events.documents.js';
import { fundingCallDocuments } from '../funding-calls/funding-calls.documents.js';
import { opportunityDocuments } from '../opportunities/opportunities.documents.js';
import { publicationDocuments } from '../publications/publications.documents.js';
import type { PublicDocumentKindSpec } from './document-kinds.js';

/**
 * Every kind of public document besides clusters (public-documents.ts), each declared in its own
 * module. The rebuild command (`pnpm db:rebuild-public`) recreates the documents of each; a new
 * kind is listed here once its triggers exist (see CONTRIBUTING.md).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own row type
export const PUBLIC_DOCUMENT_KINDS: readonly PublicDocumentKindSpec<any>[] = [
  fundingCallDocuments,
  eventDocuments,
  publicationDocuments,
  opportunityDocuments,
];
