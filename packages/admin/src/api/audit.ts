import { AuditPageSchema, type AuditQuery } from '@euregionet/shared';
import { request, toQuery } from './http';

export const listAuditLog = (query: Partial<AuditQuery>, signal?: AbortSignal) =>
  request('GET', `/audit-log${toQuery({ ...query })}`, AuditPageSchema, { signal });
