import multipart from '@fastify/multipart';
import {
  ALLOWED_FILE_TYPES,
  EDITORS,
  FileListQuerySchema,
  FileListSchema,
  IdParamsSchema,
  StoredFileSchema,
  FileOwnerTypeSchema,
  IdSchema,
} from '@euregionet/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../api-route.js';
import { AppError } from '../../errors.js';
import { READERS } from '../auth/access.js';
import { contextOf } from '../auth/auth.plugin.js';
import type { FileStore } from './file-store.js';
import { contentDisposition, createFileService, type FileOwners, type UploadedFile } from './files.service.js';

export interface FileRouteOptions {
  store: FileStore;
  owners: FileOwners;
  maxBytes: number;
}

const UploadQuerySchema = z.strictObject({ ownerType: FileOwnerTypeSchema, ownerId: IdSchema });

/**
 * A download is one of the allowed types (a thumbnail: WebP); the document lists them all, each
 * with the upload limit as its bound (a thumbnail is smaller than its image).
 */
const download = (description: string, types: readonly string[], maxBytes: number) => ({
  description,
  content: Object.fromEntries(types.map((type) => [type, { schema: z.string().max(maxBytes).meta({ format: 'binary' }) }])),
});

/**
 * Files of records. Uploads are multipart (`file` part); the record they belong to is named in
 * the query. Downloads are open to anyone when the record is public (a published publication),
 * otherwise to those who may read the record: the route lets everyone in and the service decides.
 */
export const fileRoutes: FastifyPluginAsyncZod<FileRouteOptions> = async (app, { store, owners, maxBytes }) => {
  const files = createFileService(app.db, { store, owners });
  const tags = ['files'];
  const route = apiRoutes(tags);
  // Registered in this plugin only: elsewhere a multipart body stays a 415.
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6, headerPairs: 100 } });

  async function uploaded(request: FastifyRequest): Promise<UploadedFile> {
    if (!request.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file' && part.fieldname === 'file') return { name: part.filename, content: await part.toBuffer() };
        if (part.type === 'file') await part.toBuffer();
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new AppError(413, 'FILE_TOO_LARGE', `A file may have at most ${maxBytes} bytes`);
      }
      if (code?.startsWith('FST_')) throw new AppError(400, 'MALFORMED_REQUEST', 'The multipart body is not valid');
      throw new AppError(400, 'MALFORMED_REQUEST', 'The multipart body is not valid', { cause: e });
    }
    throw new AppError(400, 'FILE_MISSING', 'The body has no part named `file`');
  }

  app.post('/files', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'uploadFile',
      summary: 'Attach a file to a record (multipart/form-data with a part `file`)',
      description: `Types are read from the content: PDF, PNG, JPEG, WebP, DOCX, XLSX, ODT, CSV, plain text. At most ${maxBytes} bytes (FILE_MAX_BYTES). Images get a thumbnail.`,
      consumes: ['multipart/form-data'],
      querystring: UploadQuerySchema,
      response: { 201: StoredFileSchema },
      errors: [404, 413, 415],
    }),
    handler: async (request, reply) => {
      const file = await uploaded(request);
      const stored = await files.upload(contextOf(request), request.query.ownerType, request.query.ownerId, file);
      return reply.status(201).header('location', stored.url).send(stored);
    },
  });

  app.get('/files', {
    ...route({
      access: READERS,
      operationId: 'listFiles',
      summary: 'The files attached to a record',
      querystring: FileListQuerySchema,
      response: { 200: FileListSchema },
      errors: [404],
    }),
    handler: async (request) => files.list(contextOf(request), request.query.ownerType, request.query.ownerId),
  });

  for (const variant of ['original', 'thumbnail'] as const) {
    app.get(variant === 'original' ? '/files/:id' : '/files/:id/thumbnail', {
      ...route({
        access: { public: true },
        operationId: variant === 'original' ? 'downloadFile' : 'downloadFileThumbnail',
        summary: variant === 'original' ? 'Download a file' : 'A thumbnail of an image (WebP, 320 pixels wide)',
        description: 'Public for files of public records (a published publication); otherwise for those who may read the record.',
        params: IdParamsSchema,
        response: {
          200:
            variant === 'original'
              ? download('The file', ALLOWED_FILE_TYPES, maxBytes)
              : download('The thumbnail', ['image/webp'], maxBytes),
        },
      }),
      handler: async (request, reply) => {
        const file = await files.content(contextOf(request), request.params.id, variant);
        return (
          reply
            .type(file.mediaType)
            .header('content-disposition', contentDisposition(file.name, variant === 'thumbnail' ? 'inline' : 'attachment'))
            .header('x-content-type-options', 'nosniff')
            .header('content-security-policy', "default-src 'none'; sandbox")
            .header('cache-control', file.public ? 'public, max-age=300' : 'private, no-store')
            // Fastify sends a Buffer as it is; the schema only documents the bytes as a string.
            .send(file.bytes as unknown as string)
        );
      },
    });
  }

  app.delete('/files/:id', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'deleteFile',
      summary: 'Remove a file from its record',
      params: IdParamsSchema,
      response: { 204: z.null().describe('Removed') },
    }),
    handler: async (request, reply) => {
      await files.remove(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
};
