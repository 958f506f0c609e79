import type { FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { languageOrder, LOCALES, pickLocalized, type Locale, type LocalizedText } from '@euregionet/shared';
import { addVary } from './http-cache.js';

const langParamOf = (request: FastifyRequest) => (request.query as { lang?: string } | undefined)?.lang;

/**
 * The order in which a portal wants languages: `?lang=pl` or `?lang=pl,en` if given, else the
 * request's Accept-Language (by quality, `pl-PL` counts as `pl`); the other languages follow in
 * the default order de, pl, en.
 */
export function languagesOf(request: FastifyRequest): Locale[] {
  const param = langParamOf(request);
  if (param) return languageOrder(param.split(',') as Locale[]);
  const accepted = new Negotiator({ headers: { 'accept-language': request.headers['accept-language'] ?? '' } }).languages([...LOCALES]);
  return languageOrder(request.headers['accept-language'] ? (accepted as Locale[]) : []);
}

/** A multilingual text in the first language of the order that has it, with that language. */
export function localise(value: Partial<Record<Locale, string>> | null | undefined, order: readonly Locale[]): LocalizedText | null {
  return pickLocalized(value, order[0]!, order) ?? null;
}

/**
 * Says an answer's language (`Content-Language`). The answer varies with Accept-Language only
 * when that header chose the language: a `?lang=` is part of the URL, which every cache keys on
 * already, and a Vary there would split a shared cache's entry by each browser's header for nothing.
 */
export function answerLanguage(request: FastifyRequest, reply: FastifyReply, lang: Locale): FastifyReply {
  if (!langParamOf(request)) addVary(reply, 'Accept-Language');
  return reply.header('content-language', lang);
}
