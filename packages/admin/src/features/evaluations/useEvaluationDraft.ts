import { onBeforeUnmount, reactive, ref, toRaw, watch } from 'vue';
import type { Answer, Evaluation, EvaluationUpdate, Locale } from '@euregionet/shared';
import { ApiError } from '../../api/http';
import { isStale } from '../../composables/useAction';
import { updateEvaluation } from '../../api/evaluations';

/** What the evaluator edits, as the form holds it (empty strings where the API has null). */
export interface DraftForm {
  evaluatedOn: string;
  language: Locale;
  answers: Record<string, { score: number | null; evidence: string; indicatorValue: number | null }>;
  strengths: string;
  weaknesses: string;
  recommendations: { text: string; owner: string; dueDate: string }[];
}

/** The local copy: what was typed, and the server version it was typed on. */
interface Stored {
  baseVersion: number;
  form: DraftForm;
}

export type SaveState = 'saved' | 'pending' | 'saving' | 'offline' | 'conflict' | 'error';

const KEY = (id: string) => `euregionet.evaluation-draft.${id}`;
const SAVE_DELAY_MS = 800;
const RETRY_MS = 5000;

/** The form of an evaluation, with an (empty) answer for every criterion so that inputs can bind. */
export function formOf(e: Evaluation, criterionKeys: readonly string[] = []): DraftForm {
  const answers: DraftForm['answers'] = Object.fromEntries(
    criterionKeys.map((k) => [k, { score: null, evidence: '', indicatorValue: null }]),
  );
  for (const [k, a] of Object.entries(e.answers)) answers[k] = { ...a };
  return {
    evaluatedOn: e.evaluatedOn,
    language: e.language,
    answers,
    strengths: e.strengths,
    weaknesses: e.weaknesses,
    recommendations: e.recommendations.map((r) => ({ text: r.text, owner: r.owner, dueDate: r.dueDate ?? '' })),
  };
}

/** The form as the API's change: unanswered criteria and empty action items are left out. */
export function payloadOf(form: DraftForm): EvaluationUpdate {
  const answers: Record<string, Partial<Answer>> = {};
  for (const [key, a] of Object.entries(form.answers)) {
    if (a.score === null && !a.evidence.trim() && a.indicatorValue === null) continue;
    answers[key] = { score: a.score, evidence: a.evidence, indicatorValue: a.indicatorValue };
  }
  return {
    evaluatedOn: form.evaluatedOn,
    language: form.language,
    answers,
    strengths: form.strengths,
    weaknesses: form.weaknesses,
    recommendations: form.recommendations
      .filter((r) => r.text.trim())
      .map((r) => ({ text: r.text, owner: r.owner, dueDate: r.dueDate || null })),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function readStored(id: string): Stored | undefined {
  try {
    const raw = localStorage.getItem(KEY(id));
    return raw ? (JSON.parse(raw) as Stored) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An evaluation being written, kept safe twice: every keystroke goes to this browser's storage at
 * once, and to the server shortly after (with If-Match). A reload restores what was typed; while
 * the server cannot be reached the copy waits here and is sent when the connection returns. If
 * someone else saved in the meantime, nothing is overwritten without asking.
 */
export function useEvaluationDraft(onSaved: (e: Evaluation) => void) {
  const form = reactive<DraftForm>({ evaluatedOn: '', language: 'de', answers: {}, strengths: '', weaknesses: '', recommendations: [] });
  const state = ref<SaveState>('saved');
  const restored = ref(false);
  const error = ref<unknown>();
  let id = '';
  let etag = '';
  let version = 0;
  let server: DraftForm | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> | undefined;
  let active = false;
  let keys: readonly string[] = [];

  function store() {
    localStorage.setItem(KEY(id), JSON.stringify({ baseVersion: version, form: toRaw(form) } satisfies Stored));
  }

  function schedule(delay = SAVE_DELAY_MS) {
    clearTimeout(timer);
    timer = setTimeout(() => void save(), delay);
  }

  watch(
    form,
    () => {
      if (!active) return;
      store();
      if (state.value === 'conflict') return;
      if (server && same(payloadOf(form), payloadOf(server))) {
        state.value = 'saved';
        return;
      }
      state.value = state.value === 'offline' ? 'offline' : 'pending';
      schedule();
    },
    { deep: true },
  );

  async function save(): Promise<void> {
    if (!active || state.value === 'conflict') return;
    if (saving) {
      await saving;
      return save();
    }
    const body = payloadOf(form);
    if (server && same(body, payloadOf(server))) {
      state.value = 'saved';
      localStorage.removeItem(KEY(id));
      return;
    }
    clearTimeout(timer);
    state.value = 'saving';
    saving = (async () => {
      try {
        const res = await updateEvaluation(id, etag, body);
        accept(res.data, res.etag);
        onSaved(res.data);
        error.value = undefined;
        if (same(payloadOf(form), payloadOf(server!))) {
          state.value = 'saved';
          localStorage.removeItem(KEY(id));
        } else {
          state.value = 'pending';
          schedule();
        }
      } catch (err) {
        if (isStale(err)) state.value = 'conflict';
        else if (
          err instanceof ApiError &&
          ['NETWORK_ERROR', 'DATABASE_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED'].includes(err.code)
        ) {
          state.value = 'offline';
          schedule(RETRY_MS);
        } else {
          state.value = 'error';
          error.value = err;
        }
      } finally {
        saving = undefined;
      }
    })();
    await saving;
  }

  function accept(e: Evaluation, tag: string | null) {
    etag = tag ?? `"v${e.version}"`;
    version = e.version;
    server = formOf(e, keys);
  }

  /** Starts on an evaluation as the server has it; restores what this browser kept of it. */
  function start(e: Evaluation, tag: string | null, criterionKeys: readonly string[] = keys) {
    active = false;
    keys = criterionKeys;
    id = e.id;
    accept(e, tag);
    restored.value = false;
    const stored = readStored(id);
    const editable = e.status === 'draft' || e.status === 'returned';
    if (!editable || !stored || same(payloadOf(stored.form), payloadOf(server!))) {
      if (stored) localStorage.removeItem(KEY(id));
      Object.assign(form, formOf(e, keys));
      state.value = 'saved';
    } else {
      Object.assign(form, { ...stored.form, answers: { ...formOf(e, keys).answers, ...stored.form.answers } });
      restored.value = true;
      // Typed on the version the server still has: send it. Otherwise someone else saved since.
      state.value = stored.baseVersion === e.version ? 'pending' : 'conflict';
    }
    // Let the assignment above pass the watcher before changes count as typing.
    setTimeout(() => {
      active = editable;
      if (active && state.value === 'pending') void save();
    }, 0);
  }

  /** After a conflict: keep what was typed here and write it over the newer version. */
  function keepMine(latest: Evaluation, tag: string | null) {
    accept(latest, tag);
    state.value = 'pending';
    schedule(0);
  }

  /** After a conflict: drop what was typed here and take the server's version. */
  function takeTheirs(latest: Evaluation, tag: string | null) {
    localStorage.removeItem(KEY(id));
    start(latest, tag);
  }

  /** Waits until everything typed is on the server; false when it could not be saved. */
  async function flush(): Promise<boolean> {
    clearTimeout(timer);
    await save();
    return state.value === 'saved';
  }

  const onOnline = () => {
    if (state.value === 'offline') void save();
  };
  window.addEventListener('online', onOnline);
  onBeforeUnmount(() => {
    clearTimeout(timer);
    window.removeEventListener('online', onOnline);
    active = false;
  });

  return {
    form,
    state,
    restored,
    error,
    start,
    flush,
    keepMine,
    takeTheirs,
    etag: () => etag,
    stop() {
      active = false;
      clearTimeout(timer);
    },
  };
}
