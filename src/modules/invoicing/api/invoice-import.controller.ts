import { Controller, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../../../shared/auth/actor';
import { CurrentActor } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiProblems } from '../../../shared/http/api-problems';
import { formParts } from '../../../shared/http/multipart';
import { ImportDraft } from '../application/import-draft.use-case';
import { InvoicingErrors as E } from '../domain/invoicing.errors';
import { MAX_INVOICE_FILE_BYTES } from '../domain/submission-rules';
import { ImportedDraftDto } from './invoices.dto';
import { Idempotent } from '../../../shared/idempotency/idempotency';

/** The portal's "start an invoice from a document" (UBL, CII, Factur-X or a plain PDF). */
@ApiTags('invoices')
@Controller('api/v1/invoices')
export class InvoiceImportController {
  constructor(private readonly importDraft: ImportDraft) {}

  @Post('import')
  @ApiOperation({
    operationId: 'importInvoiceDraft',
    summary: 'Start a draft from a UBL, CII or Factur-X file (or a plain PDF): its fields pre-filled, the document validated',
    description:
      'Multipart: `file` (at most 10 MB) and `supplierStructureId`. The flows’ reader and EN 16931 rules read the document; the ' +
      'answer carries their report and the draft’s id. A PDF (Factur-X or plain) becomes the draft’s main file (DEPOT_PDF_WEB); an XML ' +
      'only fills the fields (SAISIE_WEB). References the platform does not know (recipient, service) are left empty and listed in ' +
      '`notices`. Review, complete and submit the draft as any other (POST /api/v1/invoices/{id}/submission). To deposit the document ' +
      'itself as the legal invoice, use POST /api/v1/flows. Needs Factures émises (modification) on the structure.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'supplierStructureId'],
      properties: { file: { type: 'string', format: 'binary' }, supplierStructureId: { type: 'string', format: 'uuid' } },
    },
  })
  @ApiCreatedResponse({ type: ImportedDraftDto })
  @ApiProblems([
    E.FILE_MISSING, E.FILE_TOO_LARGE, E.IMPORT_ARCHIVE, E.IMPORT_UNREADABLE, E.INVOICE_DATE_INVALID, E.INVOICE_DATE_OUT_OF_RANGE,
    CommonErrors.FORBIDDEN, CommonErrors.UNSUPPORTED_MEDIA_TYPE, CommonErrors.PAYLOAD_TOO_LARGE, CommonErrors.BIDI_CONTROL_NOT_ALLOWED,
  ])
  @Idempotent()
  async importInvoiceDraft(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<ImportedDraftDto> {
    if (!request.isMultipart()) throw new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
    let file: { name: string; content: Buffer } | undefined;
    let supplierStructureId = '';
    for await (const part of formParts(request, { limits: { fileSize: MAX_INVOICE_FILE_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (part.file.truncated) throw new DomainError(E.FILE_TOO_LARGE, { limit: '10 Mo' }, 'file');
        file = { name: part.filename || 'fichier', content };
      } else if (part.fieldname === 'supplierStructureId') {
        supplierStructureId = String(part.value).trim();
      }
    }
    if (!isUUID(supplierStructureId)) throw new DomainError(CommonErrors.VALIDATION_FAILED, {}, 'supplierStructureId');
    if (!file) throw new DomainError(E.FILE_MISSING, {}, 'file');
    return this.importDraft.execute(actor, { supplierStructureId, fileName: file.name, content: file.content });
  }
}
