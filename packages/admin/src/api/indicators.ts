import { z } from 'zod';
import {
  InternationalisationMeasurePageSchema,
  InternationalisationMeasureSchema,
  ProjectIndicatorsSchema,
  type InternationalisationMeasureCreate,
  type InternationalisationMeasureListQuery,
  type Locale,
} from '@euregionet/shared';
import { request, toQuery } from './http.js';

export interface ReportingPeriodQuery {
  from?: string | undefined;
  to?: string | undefined;
}

export const getProjectIndicators = (period: ReportingPeriodQuery, lang: Locale, signal?: AbortSignal) =>
  request('GET', `/indicators${toQuery({ ...period, lang })}`, ProjectIndicatorsSchema, { signal });

/** The CSV is downloaded by the browser itself (a link): the session cookie authenticates a GET. */
export const indicatorsCsvUrl = (period: ReportingPeriodQuery, lang: Locale, options: { evidence?: boolean; semicolon?: boolean } = {}) =>
  `/api/v1/indicators/export.csv${toQuery({
    ...period,
    lang,
    evidence: options.evidence || undefined,
    delimiter: options.semicolon ? 'semicolon' : undefined,
  })}`;

export const listMeasures = (query: Partial<InternationalisationMeasureListQuery> = {}) =>
  request('GET', `/internationalisation-measures${toQuery({ limit: 100, ...query })}`, InternationalisationMeasurePageSchema);
export const createMeasure = (body: InternationalisationMeasureCreate) =>
  request('POST', '/internationalisation-measures', InternationalisationMeasureSchema, { body });
export const deleteMeasure = (id: string) => request('DELETE', `/internationalisation-measures/${id}`, z.null());
