import { z } from 'zod';
import { boundedArray, boundedText, int32, TimestampSchema } from './common.js';
import { EmailSchema } from './access.js';

/**
 * The modules that hold personal data about a person known by e-mail address, in the order the
 * erasure runs through them (consulting first, so that it can reach the e-mails about its
 * requests; the outbox last, for whatever e-mail to the address is left).
 */
export const PERSONAL_DATA_MODULES = ['consulting', 'dialogueEvents', 'digests', 'organisations', 'users', 'outbox'] as const;
export const PersonalDataModuleSchema = z.enum(PERSONAL_DATA_MODULES);
export type PersonalDataModule = z.infer<typeof PersonalDataModuleSchema>;

// The address travels in the body, never in the URL, so that it never lands in an access log.
export const PersonalDataQuerySchema = z.strictObject({ email: EmailSchema }).meta({ id: 'PersonalDataQuery' });
export type PersonalDataQuery = z.input<typeof PersonalDataQuerySchema>;

/** More records of one kind than any one person leaves behind (the answer is checked against it). */
export const PERSONAL_DATA_MAX_RECORDS = 10_000;

/** A module's records about the person, by kind (`registrations`, `invitations`, …), as JSON. */
const RecordsSchema = z.record(boundedText(40), boundedArray(z.record(boundedText(60), z.unknown()), PERSONAL_DATA_MAX_RECORDS));

export const PersonalDataExportSchema = z
  .object({
    email: boundedText(254),
    exportedAt: TimestampSchema,
    modules: boundedArray(z.object({ module: PersonalDataModuleSchema, records: RecordsSchema }), PERSONAL_DATA_MODULES.length),
  })
  .meta({ id: 'PersonalDataExport' });
export type PersonalDataExport = z.infer<typeof PersonalDataExportSchema>;

export const PersonalDataErasureSchema = z
  .object({
    email: boundedText(254),
    erasedAt: TimestampSchema,
    modules: boundedArray(
      z.object({
        module: PersonalDataModuleSchema,
        counts: z.record(boundedText(40), int32()).describe('Records erased, anonymised or left (`kept`), by kind'),
      }),
      PERSONAL_DATA_MODULES.length,
    ),
  })
  .meta({ id: 'PersonalDataErasure' });
export type PersonalDataErasure = z.infer<typeof PersonalDataErasureSchema>;
