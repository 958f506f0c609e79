import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type {
  AnswerDraft,
  AnswerTemplate,
  AnswerTemplateList,
  ConsultingRequestDetail,
  Problem,
  ProjectIndicators,
} from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { created, createTestAppWithAdmin, json, ok, testConfig, type Principal, type TestApp } from '../../test/app.js';
import { clusterBody } from '../../test/records.js';

let t: TestApp;
let admin: Principal;
let bicCoordinator: Principal;
let lopCoordinator: Principal;
let consultant: Principal;

/** Every placeholder, once per language. */
const BODY = {
  de: 'Guten Tag {{name}}, zu {{reference}} (Antwort bis {{dueDate}}):\n{{fundingCalls}}\nMögliche Partner:\n{{ partnerSuggestions }}',
  pl: 'Dzień dobry {{name}}, w sprawie {{reference}} (odpowiedź do {{dueDate}}):\n{{fundingCalls}}\nMożliwi partnerzy:\n{{partnerSuggestions}}',
  en: 'Hello {{name}}, about {{reference}} (answer by {{dueDate}}):\n{{fundingCalls}}\nPossible partners:\n{{partnerSuggestions}}',
};

let template: AnswerTemplate;
let request: ConsultingRequestDetail;
let callId: string;
let matchId: string;

beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin({ consulting: { ...testConfig().consulting, firstResponseDays: 2 } }));
  bicCoordinator = await t.staff('coordinator', 'BIC');
  lopCoordinator = await t.staff('coordinator', 'LOP');
  consultant = await t.staff('consultant', 'BIC');

  const org = async (name: string, country: 'DE' | 'PL', city: string) =>
    (await created(admin, '/api/v1/organisations?confirmDistinct=true', { name, type: 'sme', country, city })).id;
  const requesterOrg = await org('Lubuskie Tworzywa sp. z o.o.', 'PL', 'Gorzów Wielkopolski');
  const suggested = await org('Oderland Kunststofftechnik GmbH', 'DE', 'Frankfurt (Oder)');
  callId = (
    await created(admin, '/api/v1/funding-calls', {
      programme: 'interreg',
      programmeName: 'INTERREG VI A Brandenburg–Polska',
      title: { de: 'Kleinprojektefonds', pl: 'Fundusz Małych Projektów', en: 'Small Projects Fund' },
      partner: 'BIC',
      published: true,
      closesOn: '2026-09-30',
      url: 'https://interreg.example.eu/kpf',
    })
  ).id;
  matchId = (
    await created(admin, '/api/v1/matches', {
      parties: [
        { kind: 'organisation', id: requesterOrg },
        { kind: 'organisation', id: suggested },
      ],
      partner: 'BIC',
    })
  ).id;
  request = await created<ConsultingRequestDetail>(admin, '/api/v1/consulting-requests', {
    requesterName: 'Katarzyna Wiśniewska',
    requesterEmail: 'k.wisniewska@tworzywa.example.pl',
    organisationId: requesterOrg,
    country: 'PL',
    language: 'pl',
    topic: 'funding',
    message: 'Szukamy dofinansowania i partnera w Brandenburgii.',
    consent: true,
    consentTextVersion: '2026-01',
    partner: 'BIC',
  });
});
afterAll(() => t.close());

describe('answer templates', () => {
  it('a coordinator writes one for their partner, with every placeholder in de, pl and en', async () => {
    const res = await bicCoordinator.inject({
      method: 'POST',
      url: '/api/v1/consulting-answer-templates',
      payload: { topic: 'funding', title: { de: 'Förderung und Partner', pl: 'Dofinansowanie i partner' }, body: BODY },
    });
    template = await ok<AnswerTemplate>(res, 201);
    expect(template).toMatchObject({ partner: 'BIC', topic: 'funding', version: 1, body: BODY });
    expect(res.headers.etag).toBe('"v1"');
    const list = await ok<AnswerTemplateList>(
      await consultant.inject({ method: 'GET', url: '/api/v1/consulting-answer-templates?topic=funding' }),
    );
    expect(list.items.map((i) => i.id)).toEqual([template.id]);
    const none = await ok<AnswerTemplateList>(
      await consultant.inject({ method: 'GET', url: '/api/v1/consulting-answer-templates?topic=legal_tax' }),
    );
    expect(none.items).toEqual([]);
    const [audit] = await queryRows<{ action: string; actor_id: string }>(
      t.database.db,
      sql`SELECT action, actor_id FROM audit_log WHERE entity = 'answer_template' AND entity_id = ${template.id}`,
    );
    expect(audit).toEqual({ action: 'create', actor_id: bicCoordinator.id });
  });

  it('refuses an unknown placeholder under its language, with a stable code', async () => {
    const res = await bicCoordinator.inject({
      method: 'POST',
      url: '/api/v1/consulting-answer-templates',
      payload: { topic: 'funding', title: { de: 'Tippfehler' }, body: { de: 'Hallo {{name}}', pl: 'Dzień dobry {{nmae}}, {{ termin }}' } },
    });
    expect(res.statusCode).toBe(400);
    const problem = json<Problem>(res);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([
      expect.objectContaining({
        pointer: '/body/body/pl',
        code: 'unknown_placeholder',
        message: expect.stringContaining('{{nmae}}, {{termin}}'),
      }),
    ]);
  });

  it('is changed by its partner’s coordinator or an administrator only, with If-Match', async () => {
    const url = `/api/v1/consulting-answer-templates/${template.id}`;
    const title = { title: { de: 'Förderung und Partnersuche', pl: 'Dofinansowanie i szukanie partnera' } };
    expect((await lopCoordinator.inject({ method: 'PATCH', url, headers: { 'if-match': '"v1"' }, payload: title })).statusCode).toBe(403);
    expect((await lopCoordinator.inject({ method: 'DELETE', url })).statusCode).toBe(403);
    expect(
      (
        await consultant.inject({
          method: 'POST',
          url: '/api/v1/consulting-answer-templates',
          payload: { topic: 'funding', title: { de: 'x' }, body: { de: 'x' } },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await lopCoordinator.inject({
          method: 'POST',
          url: '/api/v1/consulting-answer-templates',
          payload: { partner: 'BIC', topic: 'funding', title: { de: 'x' }, body: { de: 'x' } },
        })
      ).statusCode,
    ).toBe(403);
    expect((await bicCoordinator.inject({ method: 'PATCH', url, payload: title })).statusCode).toBe(428);
    template = await ok<AnswerTemplate>(
      await bicCoordinator.inject({ method: 'PATCH', url, headers: { 'if-match': '"v1"' }, payload: title }),
    );
    expect(template).toMatchObject({ version: 2, title: title.title, body: BODY });
    expect((await admin.inject({ method: 'PATCH', url, headers: { 'if-match': '"v1"' }, payload: title })).statusCode).toBe(412);
  });

  it('fills in every placeholder for a request, in each language of the template', async () => {
    const draft = await ok<AnswerDraft>(
      await consultant.inject({
        method: 'POST',
        url: `/api/v1/consulting-requests/${request.id}/answer-drafts`,
        payload: { templateId: template.id, fundingCallIds: [callId], matchIds: [matchId] },
      }),
    );
    const ref = request.reference;
    expect(ref).toMatch(/^EURN-2026-\d{5}$/);
    expect(draft).toEqual({
      templateId: template.id,
      requesterLanguage: 'pl',
      texts: {
        de: `Guten Tag Katarzyna Wiśniewska, zu ${ref} (Antwort bis 05.06.2026):\n- Kleinprojektefonds (Frist 30.09.2026): https://interreg.example.eu/kpf\nMögliche Partner:\n- Oderland Kunststofftechnik GmbH (DE)`,
        pl: `Dzień dobry Katarzyna Wiśniewska, w sprawie ${ref} (odpowiedź do 05.06.2026):\n- Fundusz Małych Projektów (termin 30.09.2026): https://interreg.example.eu/kpf\nMożliwi partnerzy:\n- Oderland Kunststofftechnik GmbH (DE)`,
        en: `Hello Katarzyna Wiśniewska, about ${ref} (answer by 05/06/2026):\n- Small Projects Fund (closes 30/09/2026): https://interreg.example.eu/kpf\nPossible partners:\n- Oderland Kunststofftechnik GmbH (DE)`,
      },
    });
    const unknown = await consultant.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/answer-drafts`,
      payload: { templateId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(json<Problem>(unknown).code).toBe('ANSWER_TEMPLATE_NOT_FOUND');
  });

  it('sends a German reply with the Polish version alongside, and links the calls and matches sent', async () => {
    const res = await consultant.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/comments`,
      payload: {
        kind: 'reply',
        body: 'Anbei der passende Aufruf.',
        alongside: 'W załączeniu odpowiedni nabór.',
        fundingCallIds: [callId],
        matchIds: [matchId],
      },
    });
    const after = await ok<ConsultingRequestDetail>(res);
    expect(after.fundingCallIds).toEqual([callId]);
    expect(after.matchIds).toEqual([matchId]);
    expect(after.timeline.at(-1)).toMatchObject({
      kind: 'reply',
      body: 'Anbei der passende Aufruf.\n\n———\n\nW załączeniu odpowiedni nabór.',
    });
    const mails = await queryRows<{ body: string }>(
      t.database.db,
      sql`SELECT body FROM outbox_messages WHERE kind = 'request_reply' AND recipient = 'k.wisniewska@tworzywa.example.pl'`,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain(
      'Dzień dobry Katarzyna Wiśniewska,\n\nAnbei der passende Aufruf.\n\n———\n\nW załączeniu odpowiedni nabór.\n',
    );
    // A note carries none of it; an unknown call is refused and links nothing.
    const note = await consultant.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/comments`,
      payload: { kind: 'note', body: 'intern', fundingCallIds: [callId] },
    });
    expect(json<Problem>(note).errors?.[0]).toMatchObject({ pointer: '/body/kind', code: 'reply_only' });
    const unknown = await consultant.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/comments`,
      payload: { kind: 'reply', body: 'x', fundingCallIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(json<Problem>(unknown).code).toBe('FUNDING_CALL_NOT_FOUND');
    const now = await ok<ConsultingRequestDetail>(await admin.inject({ method: 'GET', url: `/api/v1/consulting-requests/${request.id}` }));
    expect(now.fundingCallIds).toEqual([callId]);
    expect(now.timeline.filter((e) => e.kind === 'reply')).toHaveLength(1);
  });

  it('an outcome links the funding calls it rests on, and the indicators count what consulting led to', async () => {
    const second = await created(admin, '/api/v1/funding-calls', {
      programme: 'interreg',
      programmeName: 'INTERREG VI A Brandenburg–Polska',
      title: { de: 'Netzwerkprojekte', pl: 'Projekty sieciowe', en: 'Network projects' },
      partner: 'BIC',
      published: true,
      closesOn: '2026-10-31',
      url: 'https://interreg.example.eu/netz',
    });
    const step = async (url: string, payload: Record<string, unknown>) =>
      ok<ConsultingRequestDetail>(await admin.inject({ method: 'POST', url: `/api/v1/consulting-requests/${request.id}/${url}`, payload }));
    await step('assignment', { partner: 'BIC', assigneeId: consultant.id });
    await step('transitions', { to: 'in_progress' });
    const tooMany = await admin.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/transitions`,
      payload: { to: 'resolved', outcome: 'referred_to_funding', fundingCallIds: Array.from({ length: 11 }, () => second.id) },
    });
    expect(tooMany.statusCode).toBe(400);
    // The call sent in the reply before stays linked; the outcome adds the second one, once.
    const resolved = await step('transitions', { to: 'resolved', outcome: 'referred_to_funding', fundingCallIds: [second.id, callId] });
    expect(resolved.outcome).toBe('referred_to_funding');
    expect(resolved.fundingCallIds).toEqual([callId, second.id]);
    expect(resolved.matchIds).toEqual([matchId]);

    const indicators = await ok<ProjectIndicators>(await admin.inject({ method: 'GET', url: '/api/v1/indicators?lang=pl' }));
    const figure = (key: string) => indicators.figures.find((f) => f.key === key)!;
    expect(figure('consulting_funding_referrals').value).toBe(2);
    expect(figure('consulting_funding_referrals').evidence.map((e) => [e.kind, e.id, e.name, e.identifier, e.partner])).toEqual([
      ['consulting_request', request.id, request.reference, 'Fundusz Małych Projektów', 'BIC'],
      ['consulting_request', request.id, request.reference, 'Projekty sieciowe', 'BIC'],
    ]);
    expect(figure('consulting_matches_proposed').evidence.map((e) => [e.id, e.countries])).toEqual([[request.id, ['PL']]]);
    expect(indicators.consulting.byOutcome.find((b) => b.key === 'referred_to_funding')?.count).toBe(1);
    // Before the links were made, nothing counts.
    const earlier = await ok<ProjectIndicators>(
      await admin.inject({ method: 'GET', url: '/api/v1/indicators?lang=pl&from=2020-01-01&to=2020-12-31' }),
    );
    expect(earlier.figures.find((f) => f.key === 'consulting_funding_referrals')!.value).toBe(0);
  });

  it('a request names a cluster of the directory, or is refused', async () => {
    const cluster = await created(admin, '/api/v1/clusters', clusterBody('Templates'));
    const intake = (clusterId: string) =>
      admin.inject({
        method: 'POST',
        url: '/api/v1/consulting-requests',
        payload: {
          requesterName: 'Jan Nowak',
          requesterEmail: `jan.nowak.${clusterId.slice(0, 8)}@example.pl`,
          clusterId,
          country: 'PL',
          language: 'pl',
          topic: 'strategy',
          message: 'Klaster szuka strategii.',
          consent: true,
          consentTextVersion: '2026-01',
          partner: 'BIC',
        },
      });
    expect((await ok<ConsultingRequestDetail>(await intake(cluster.id), 201)).clusterId).toBe(cluster.id);
    const refused = await intake('00000000-0000-4000-8000-000000000000');
    expect(json<Problem>(refused).errors).toEqual([expect.objectContaining({ pointer: '/body/clusterId', code: 'unknown_cluster' })]);
  });

  it('is deleted by its coordinator, and then not found', async () => {
    const url = `/api/v1/consulting-answer-templates/${template.id}`;
    expect((await bicCoordinator.inject({ method: 'DELETE', url })).statusCode).toBe(204);
    const gone = await consultant.inject({ method: 'GET', url });
    expect(gone.statusCode).toBe(404);
    expect(json<Problem>(gone).code).toBe('ANSWER_TEMPLATE_NOT_FOUND');
  });
});
