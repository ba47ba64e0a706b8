import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { flattenValidationErrors, validationError } from '../../../shared/http/validation';
import { IncomingFile } from '../infrastructure/organisation-files';
import { formParts } from '../../../shared/http/multipart';

/**
 * Reads a multipart form: text fields validated against a DTO class (same rules as JSON bodies) and
 * the part named `file`, read up to `maxBytes` (beyond: 413 from Fastify, nothing is stored).
 */
export async function readForm<T extends object>(request: FastifyRequest, dto: new () => T, maxBytes: number): Promise<{ fields: T; file?: IncomingFile }> {
  if (!request.isMultipart()) throw new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
  const raw: Record<string, string> = {};
  let file: IncomingFile | undefined;
  for await (const part of formParts(request, { limits: { fileSize: maxBytes, files: 1 } })) {
    if (part.type === 'file') {
      const content = await part.toBuffer();
      if (part.fieldname === 'file') file = { fileName: part.filename, content };
    } else {
      raw[part.fieldname] = String(part.value);
    }
  }
  const fields = plainToInstance(dto, raw);
  const errors = await validate(fields, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw validationError(flattenValidationErrors(errors));
  }
  return { fields, file };
}
