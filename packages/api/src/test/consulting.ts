import {
  ConsultingRequestIntakeSchema,
  type ConsultingRequestDetail,
  type ConsultingRequestPage,
  type ConsultingRequestReceipt,
  type PartnerCode,
} from '@euregionet/shared';
import { SYSTEM_CONTEXT } from '../modules/auth/actor.js';
import { createConsultingService } from '../modules/consulting/consulting.service.js';
import { ok, type Principal, type TestApp } from './app.js';

/**
 * A consulting request as a portal sends it and staff then take it up: the form goes through the
 * public API with a key (`requests:create`), and the request is found in the inbox by the
 * receipt's reference, as a consultant would search for it.
 */

/** The form of a Polish requester asking about funding; `over` adds or replaces fields. */
export const polishFundingRequest = (requesterName: string, requesterEmail: string, over: Record<string, unknown> = {}) => ({
  requesterName,
  requesterEmail,
  country: 'PL',
  language: 'pl',
  topic: 'funding',
  message: 'Szukamy dofinansowania na wspólny projekt.',
  consent: true,
  consentTextVersion: '2026-01',
  ...over,
});

/**
 * Sends `payload` through the portal from `remoteAddress` (each test its own, so that the
 * per-address limit does not bite) and returns the new request's id and reference; `staff`
 * finds it in the inbox. Anything but 201 fails with the answer's body.
 */
export async function submitPortalRequest(
  portal: Principal,
  staff: Principal,
  payload: Record<string, unknown>,
  remoteAddress: string,
): Promise<{ id: string; reference: string }> {
  const { reference } = await ok<ConsultingRequestReceipt>(
    await portal.inject({ method: 'POST', url: '/api/v1/public/consulting-requests', remoteAddress, payload }),
    201,
  );
  const page = await ok<ConsultingRequestPage>(await staff.inject({ method: 'GET', url: `/api/v1/consulting-requests?q=${reference}` }));
  return { id: page.items[0]!.id, reference };
}

/** Assigns a request to `assigneeId` of `partner`, as a coordinator does; the answer is the request then. */
export async function assignRequest(
  coordinator: Principal,
  id: string,
  partner: PartnerCode,
  assigneeId: string,
): Promise<ConsultingRequestDetail> {
  return ok<ConsultingRequestDetail>(
    await coordinator.inject({ method: 'POST', url: `/api/v1/consulting-requests/${id}/assignment`, payload: { partner, assigneeId } }),
  );
}

/**
 * A request that staff of `partner` took down themselves (on the phone, say), as the intake does
 * it with no portal: Ewa Kowalska's, at `ewa.<name>@example.pl`, with `name` in the message, so
 * that a test tells its requests apart by name. Returns its id; due days and states are the test's.
 */
export async function staffTakenRequest(t: TestApp, partner: PartnerCode, name: string): Promise<string> {
  const service = createConsultingService(t.database.db, { ...t.config.consulting, clock: t.clock });
  const body = polishFundingRequest('Ewa Kowalska', `ewa.${name}@example.pl`, { message: `Prośba ${name}` });
  const { id } = await service.intake(SYSTEM_CONTEXT, ConsultingRequestIntakeSchema.parse(body), { kind: 'staff', partner });
  return id!;
}
