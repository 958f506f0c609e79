import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { browserLanguage, secretLinkRoutes, sendPage } from '../../html-page.js';
import { contentDisposition, type FileService } from '../files/files.service.js';
import { renderInvalidResultsLink, renderResultsPage } from './evaluation-results-page.js';
import { createEvaluationShareService } from './evaluation-shares.service.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The results page of an approved evaluation at `/results/{token}`, for a cluster's management
 * who have no staff login: the token in the path is the only credential, so paths are logged
 * without it, and the page is neither cached nor indexed. Evidence files named by the link are
 * downloaded under the same token; no other file is reachable through it.
 */
export const resultsPageRoutes: FastifyPluginAsync<{ config: Config; files: FileService }> = async (app, { config, files }) => {
  const shares = createEvaluationShareService(app.db, { clock: app.clock, publicBaseUrl: config.publicBaseUrl, files });

  function invalid(request: FastifyRequest, reply: FastifyReply, status = 404) {
    const lang = browserLanguage(request);
    return sendPage(reply, { status, lang, render: (nonce) => renderInvalidResultsLink(lang, nonce) });
  }
  const link = secretLinkRoutes(app, {
    path: '/results/…',
    key: 'results-page',
    max: 120,
    refused: (request, reply) => invalid(request, reply, 429),
  });

  app.get('/results/:token', {
    config: { access: { public: true } },
    ...link,
    schema: { hide: true },
    handler: async (request, reply) => {
      const { token } = request.params as { token: string };
      if (!TOKEN.test(token)) return invalid(request, reply);
      const view = await shares.open(token);
      if (!view) return invalid(request, reply);
      return sendPage(reply, {
        status: 200,
        lang: view.language,
        render: (nonce) => renderResultsPage(view, { nonce, fileUrl: (id) => `/results/${token}/files/${id}` }),
      });
    },
  });

  app.get('/results/:token/files/:fileId', {
    config: { access: { public: true } },
    ...link,
    schema: { hide: true },
    handler: async (request, reply) => {
      const { token, fileId } = request.params as { token: string; fileId: string };
      if (!TOKEN.test(token) || !UUID.test(fileId)) return invalid(request, reply);
      const file = await shares.file(token, fileId.toLowerCase());
      if (!file) return invalid(request, reply);
      return reply
        .type(file.mediaType)
        .header('content-disposition', contentDisposition(file.name, 'attachment'))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'private, no-store')
        .header('x-robots-tag', 'noindex')
        .send(file.bytes);
    },
  });
};
