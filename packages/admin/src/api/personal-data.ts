import { PersonalDataErasureSchema, PersonalDataExportSchema } from '@euregionet/shared';
import { request } from './http';

// The address travels in the body, never in the URL, so that it never lands in an access log.
export const exportPersonalData = (email: string) =>
  request('POST', '/personal-data/export', PersonalDataExportSchema, { body: { email } });

export const erasePersonalData = (email: string) =>
  request('POST', '/personal-data/erasure', PersonalDataErasureSchema, { body: { email } });
