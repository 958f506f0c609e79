import type { FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { languageOrder, LOCALES, pickLocalized, type Locale, type LocalizedText } from '@euregionet/shared';

/**
 * The order in which a portal wants languages: `?lang=pl` or `?lang=pl,en` if given, else the
 * request's Accept-Language (by quality, `pl-PL` counts as `pl`); the other languages follow in
 * the default order de, pl, en.
 */
export function languagesOf(request: FastifyRequest): Locale[] {
  const param = (request.query as { lang?: string } | undefined)?.lang;
  if (param) return languageOrder(param.split(',') as Locale[]);
  const accepted = new Negotiator({ headers: { 'accept-language': request.headers['accept-language'] ?? '' } }).languages([...LOCALES]);
  return languageOrder(request.headers['accept-language'] ? (accepted as Locale[]) : []);
}

/** A multilingual text in the first language of the order that has it, with that language. */
export function localise(value: Partial<Record<Locale, string>> | null | undefined, order: readonly Locale[]): LocalizedText | null {
  return pickLocalized(value, order[0]!, order) ?? null;
}
