import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseCsv } from '../support/csv';

/** A fresh directory for kept import files. */
export function importDir(): string {
  return mkdtempSync(join(tmpdir(), 'imports-'));
}

/** A multipart/form-data body with text fields and one file part, as a browser or curl would send it. */
export function multipartBody(
  fields: Record<string, string>,
  file?: { name: string; content: string | Buffer; type?: string },
): { payload: Buffer; contentType: string } {
  const boundary = `----import${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? 'text/csv'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content, 'utf8'),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface ImportStatus {
  id: string;
  state: 'RUNNING' | 'COMPLETED';
  totalRows: number;
  processedRows: number;
  appliedRows: number;
  rejectedRows: number;
  lastLine: number;
}

/** A small client of the import routes for one caller. */
export function importClient(app: NestFastifyApplication, token: string) {
  const authorization = `Bearer ${token}`;
  return {
    async upload(fields: Record<string, string>, file?: { name: string; content: string | Buffer; type?: string }) {
      const { payload, contentType } = multipartBody(fields, file);
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { authorization, 'content-type': contentType },
        payload,
      });
      return response;
    },
    async status(id: string): Promise<ImportStatus> {
      const response = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: { authorization } });
      expect(response.statusCode).toBe(200);
      return JSON.parse(response.body) as ImportStatus;
    },
    /** Polls until the import completes. */
    async completed(id: string, timeoutMs = 120_000): Promise<ImportStatus> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = await this.status(id);
        if (status.state === 'COMPLETED') return status;
        if (Date.now() > deadline) throw new Error(`import ${id} did not complete: ${JSON.stringify(status)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async errors(id: string): Promise<string[][]> {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/imports/${id}/errors`,
        headers: { authorization },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      return parseCsv(response.body);
    },
  };
}
