import type { ConsultingRequestDetail, ConsultingRequestPage, ConsultingRequestReceipt, PartnerCode } from '@euregionet/shared';
import { ok, type Principal } from './app.js';

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
