import { z } from 'zod';
import { FileListSchema, StoredFileSchema, type FileOwnerType } from '@euregionet/shared';
import { request, toQuery, uploadFile } from './http';

export const listFiles = (ownerType: FileOwnerType, ownerId: string, signal?: AbortSignal) =>
  request('GET', `/files${toQuery({ ownerType, ownerId })}`, FileListSchema, { signal });
export const uploadRecordFile = (
  ownerType: FileOwnerType,
  ownerId: string,
  file: File,
  onProgress?: (sent: number, total: number) => void,
) => uploadFile(`/files${toQuery({ ownerType, ownerId })}`, file, StoredFileSchema, onProgress);
export const deleteFile = (id: string) => request('DELETE', `/files/${id}`, z.null());
