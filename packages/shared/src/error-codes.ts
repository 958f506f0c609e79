import { z } from 'zod';
import { ACCESS_ERROR_CODES } from './access.js';
import { BRAND_ERROR_CODES } from './brand.js';
import { CLUSTER_ERROR_CODES } from './clusters.js';
import { CONSULTING_ERROR_CODES } from './consulting.js';
import { ANSWER_TEMPLATE_ERROR_CODES } from './consulting-templates.js';
import { DIALOGUE_EVENT_ERROR_CODES } from './dialogue-events.js';
import { DIGEST_ERROR_CODES } from './digests.js';
import { EVALUATION_ERROR_CODES } from './evaluations.js';
import { EVALUATION_SHARE_ERROR_CODES } from './evaluation-shares.js';
import { FILE_ERROR_CODES } from './files.js';
import { FUNDING_CALL_ERROR_CODES } from './funding-calls.js';
import { IMPORT_ERROR_CODES } from './imports.js';
import { INDICATOR_ERROR_CODES } from './indicators.js';
import { MATCHMAKING_ERROR_CODES } from './matchmaking.js';
import { ORGANISATION_ERROR_CODES } from './organisations.js';
import { OPPORTUNITY_ERROR_CODES } from './opportunities.js';
import { PUBLIC_ERROR_CODES } from './public.js';
import { PUBLICATION_ERROR_CODES } from './publications.js';
import { COMMON_ERROR_CODES } from './problem.js';
import { SYNC_ERROR_CODES } from './sync.js';

/** Every error code the API may answer: the common ones and each feature's. */
export const ERROR_CODES = [
  ...COMMON_ERROR_CODES,
  ...ACCESS_ERROR_CODES,
  ...CLUSTER_ERROR_CODES,
  ...ORGANISATION_ERROR_CODES,
  ...PUBLIC_ERROR_CODES,
  ...CONSULTING_ERROR_CODES,
  ...ANSWER_TEMPLATE_ERROR_CODES,
  ...EVALUATION_ERROR_CODES,
  ...EVALUATION_SHARE_ERROR_CODES,
  ...FUNDING_CALL_ERROR_CODES,
  ...DIALOGUE_EVENT_ERROR_CODES,
  ...INDICATOR_ERROR_CODES,
  ...IMPORT_ERROR_CODES,
  ...MATCHMAKING_ERROR_CODES,
  ...FILE_ERROR_CODES,
  ...PUBLICATION_ERROR_CODES,
  ...BRAND_ERROR_CODES,
  ...DIGEST_ERROR_CODES,
  ...OPPORTUNITY_ERROR_CODES,
  ...SYNC_ERROR_CODES,
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES).meta({ id: 'ErrorCode' });
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
