// multipart/form-data with one file in the field `file`, buffered up to the upload limit.
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { Upload } from '../engine';
import { badRequest, hasBody, tooLarge } from './http';

/** Room for the multipart boundaries and part headers around a file of the maximum size. */
export const MULTIPART_OVERHEAD = 64 * 1024;

// A stored content type is sent back as a header later, so it must be a plain MIME type.
const MIME = /^[a-z0-9][\w!#$&^.+-]{0,126}\/[a-z0-9][\w!#$&^.+-]{0,126}$/i;
const safeMime = (t: string | undefined): string => (t && MIME.test(t) ? t.toLowerCase() : 'application/octet-stream');

export function readUpload(req: IncomingMessage, limit: number): Promise<Upload> {
  if (!hasBody(req)) return Promise.reject(badRequest('a multipart/form-data body with a field "file" is required'));
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(badRequest('send the upload as multipart/form-data with a field "file"'));
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // busboy reports the limit on reaching it; a file of exactly `limit` bytes is allowed.
        limits: { fileSize: limit + 1, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25, headerPairs: 50 },
      });
    } catch {
      reject(badRequest('the multipart body has no usable boundary'));
      return;
    }
    let settled = false;
    let upload: Upload | null = null;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume();
      reject(e);
    };

    parser.on('file', (field, stream, info) => {
      // A truncated body errors the file stream too; unhandled, that would crash the server.
      stream.on('error', () => fail(badRequest('the multipart body is malformed')));
      if (field !== 'file' || upload) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
      });
      stream.on('limit', () => {
        chunks.length = 0;
        fail(tooLarge(limit));
      });
      stream.on('end', () => {
        if (settled) return;
        upload = {
          filename: info.filename ?? 'file',
          contentType: safeMime(info.mimeType),
          bytes: Buffer.concat(chunks, size),
        };
      });
    });
    parser.on('error', () => fail(badRequest('the multipart body is malformed')));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      if (upload) resolve(upload);
      else reject(badRequest('the multipart body has no file in the field "file"'));
    });
    req.on('error', () => fail(badRequest('the request body could not be read')));
    req.pipe(parser);
  });
}
