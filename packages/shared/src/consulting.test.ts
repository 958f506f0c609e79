import { describe, expect, it } from '@jest/globals';
import {
  canConsultingTransition,
  CONSULTING_STATUSES,
  ConsultingRequestIntakeSchema,
  ConsultingTransitionSchema,
  isOverdue,
  suggestAssignment,
  type AssigneeCandidate,
} from './consulting.js';

describe('deadlines', () => {
  it('make an open, unanswered request overdue only after its due day', () => {
    const request = { status: 'assigned' as const, firstRespondedAt: null, firstResponseDueOn: '2026-03-09' };
    expect(isOverdue(request, '2026-03-09')).toBe(false);
    expect(isOverdue(request, '2026-03-10')).toBe(true);
    expect(isOverdue({ ...request, firstRespondedAt: '2026-03-09T10:00:00Z' }, '2026-03-10')).toBe(false);
    expect(isOverdue({ ...request, status: 'resolved' }, '2026-03-10')).toBe(false);
  });
});

describe('workflow', () => {
  const allowed = [
    'new→assigned',
    'new→rejected',
    'assigned→in_progress',
    'assigned→rejected',
    'in_progress→waiting_for_requester',
    'in_progress→resolved',
    'waiting_for_requester→in_progress',
    'waiting_for_requester→resolved',
    'resolved→closed',
    'resolved→in_progress',
  ];
  it('allows exactly the moves of the graph', () => {
    const moves = CONSULTING_STATUSES.flatMap((from) =>
      CONSULTING_STATUSES.filter((to) => canConsultingTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(moves.sort()).toEqual([...allowed].sort());
  });

  it('needs a reason to reject and an outcome to resolve', () => {
    expect(ConsultingTransitionSchema.safeParse({ to: 'rejected' }).success).toBe(false);
    expect(ConsultingTransitionSchema.safeParse({ to: 'rejected', reason: 'Außerhalb des Programmgebiets' }).success).toBe(true);
    expect(ConsultingTransitionSchema.safeParse({ to: 'resolved' }).success).toBe(false);
    expect(ConsultingTransitionSchema.safeParse({ to: 'resolved', outcome: 'advice_given' }).success).toBe(true);
  });
});

describe('intake', () => {
  const valid = {
    requesterName: 'Jan Kowalski',
    requesterEmail: 'Jan.Kowalski@Example.PL',
    country: 'PL',
    language: 'pl',
    topic: 'funding',
    message: 'Szukamy finansowania dla projektu transgranicznego.',
    consent: true,
    consentTextVersion: '2026-01',
  };
  it('requires consent and normalises the e-mail', () => {
    expect(ConsultingRequestIntakeSchema.parse(valid).requesterEmail).toBe('jan.kowalski@example.pl');
    expect(ConsultingRequestIntakeSchema.safeParse({ ...valid, consent: false }).success).toBe(false);
    expect(ConsultingRequestIntakeSchema.safeParse({ ...valid, consentTextVersion: undefined }).success).toBe(false);
  });

  it('limits the size of the message', () => {
    expect(ConsultingRequestIntakeSchema.safeParse({ ...valid, message: 'x'.repeat(5001) }).success).toBe(false);
  });
});

describe('suggested assignment', () => {
  const people: AssigneeCandidate[] = [
    { id: '1', name: 'Anna', partner: 'LOP', open: 3 },
    { id: '2', name: 'Bogdan', partner: 'ESNB', open: 1 },
    { id: '3', name: 'Claudia', partner: 'BIC', open: 0 },
    { id: '4', name: 'Dirk', partner: 'CIT', open: 2 },
  ];
  it('takes a partner of the requester’s country and language, and its least busy consultant', () => {
    expect(suggestAssignment({ country: 'PL', language: 'pl' }, people)).toEqual({ partner: 'ESNB', assignee: people[1] });
    expect(suggestAssignment({ country: 'DE', language: 'de' }, people)).toEqual({ partner: 'BIC', assignee: people[2] });
    expect(suggestAssignment({ country: 'PL', language: 'en' }, people).assignee?.name).toBe('Bogdan');
  });

  it('prefers the language when the country alone does not decide, and names a partner without consultants', () => {
    // A German company writing in Polish: German partners fit by country only; no partner fits both.
    expect(suggestAssignment({ country: 'DE', language: 'pl' }, people).partner).toBe('BIC');
    expect(suggestAssignment({ country: 'PL', language: 'pl' }, [])).toEqual({ partner: 'LOP', assignee: null });
  });
});
