import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppException } from '../errors/app.exception';

/** Text fields an upload may carry besides its file. */
const MAX_FIELDS = 20;

/** Lets the import route read multipart uploads; files above `maxBytes` are refused (400) by the route. */
export async function registerImportUploads(fastify: FastifyInstance, maxBytes: number): Promise<void> {
  await fastify.register(multipart, {
    limits: { fileSize: maxBytes, files: 1, fields: MAX_FIELDS, parts: MAX_FIELDS + 1 },
  });
}

export interface ReceivedUpload {
  /** A temporary file holding the upload. */
  path: string;
  fileName: string;
  fields: Record<string, string>;
}

const invalid = (message: string) => new AppException('VALIDATION_FAILED', message);

/** multipart's own errors, as the 400s they are: too large, too many parts, not multipart. */
function uploadError(error: unknown, maxBytes: number): unknown {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return invalid(`The file exceeds the largest import accepted, ${maxBytes} bytes (IMPORT_MAX_BYTES)`);
    case 'FST_FILES_LIMIT':
      return invalid('An import takes one file');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return invalid(`An import takes one file and at most ${MAX_FIELDS} fields`);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return invalid('An import is uploaded as multipart/form-data with a "file" part');
    default:
      if (error instanceof Error && /multipart|boundary|unexpected end/i.test(error.message)) {
        return invalid(`The upload is not valid multipart/form-data: ${error.message}`);
      }
      return error;
  }
}

/** Streams the request's file part to a temporary file under `dir` (never held in memory) and collects its fields. */
export async function receiveUpload(request: FastifyRequest, dir: string, maxBytes: number): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw invalid('An import is uploaded as multipart/form-data with a "file" part holding the CSV');
  }
  await mkdir(dir, { recursive: true });
  const path = join(dir, `upload-${randomUUID()}.part`);
  const fields: Record<string, string> = {};
  let fileName: string | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (fileName !== undefined) throw invalid('An import takes one file');
        fileName = part.filename || 'upload.csv';
        await pipeline(part.file, createWriteStream(path));
        if (part.file.truncated) throw uploadError({ code: 'FST_REQ_FILE_TOO_LARGE' }, maxBytes);
      } else {
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
      }
    }
    if (fileName === undefined) throw invalid('The upload has no file: send the CSV in a "file" part');
    return { path, fileName, fields };
  } catch (error) {
    await rm(path, { force: true });
    throw uploadError(error, maxBytes);
  }
}
