import { ApiProperty } from '@nestjs/swagger';
import { getSchemaPath } from '@nestjs/swagger';
import { OpenApiWebhooks } from '../../../shared/http/swagger';
import { WebhookEventType } from '../domain/event-types';
import { SIGNATURE_HEADER } from '../domain/signature';

/** `data` of invoice.status-changed and invoice.received: the invoice as the side receiving it sees it. */
export class InvoiceEventDataDto {
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ type: String, nullable: true, example: 'F-2026-0042' }) invoiceNumber: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The number the API mode calls idFacture' }) publicId: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) invoiceDate: string | null;
  @ApiProperty({ example: 'FACTURE' }) invoiceType: string;
  @ApiProperty({ example: 'MISE_A_DISPOSITION', description: 'The status after the change' }) status: string;
  @ApiProperty({ example: 'EN_COURS_ACHEMINEMENT' }) previousStatus: string;
  @ApiProperty({ type: String, nullable: true, description: 'The reason given with the change' }) comment: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) paymentDeadline: string | null;
  @ApiProperty({ format: 'uuid' }) supplierStructureId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) supplierServiceId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) recipientStructureId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) recipientServiceId: string | null;
  @ApiProperty({ type: String, nullable: true }) recipientServiceCode: string | null;
  @ApiProperty({ type: String, nullable: true }) engagementNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1200.00', description: 'Decimal text' }) amountDue: string | null;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ enum: ['SUPPLIER', 'RECIPIENT'], description: 'Which side of the invoice the subscription’s structure is' }) side: 'SUPPLIER' | 'RECIPIENT';
}

/** `data` of flow.integrated and flow.rejected. */
export class FlowEventDataDto {
  @ApiProperty({ format: 'uuid' }) flowId: string;
  @ApiProperty({ description: 'numeroFluxDepot' }) flowNumber: string;
  @ApiProperty({ enum: ['IN_INTEGRE', 'IN_INTEGRE_PARTIEL', 'IN_REJETE', 'IN_INCIDENTE'] }) state: string;
  @ApiProperty({ type: [String], description: 'Invoices the flow created' }) invoiceIds: string[];
}

/** `data` of membership.requested. */
export class MembershipRequestedDataDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ format: 'uuid', description: 'The requesting user' }) userId: string;
}

/** `data` of ticket.updated. */
export class TicketEventDataDto {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ example: 'CPROCS0000042' }) ticketNumber: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'EN_ATTENTE_INFORMATIONS', description: 'After the change for STATUS_CHANGED; otherwise the ticket’s status when the event was prepared (a message does not move it)' }) status: string;
  @ApiProperty({ enum: ['OPENED', 'STATUS_CHANGED', 'MESSAGE_ADDED'] }) change: 'OPENED' | 'STATUS_CHANGED' | 'MESSAGE_ADDED';
  @ApiProperty({ type: String, nullable: true, description: 'Before the change (STATUS_CHANGED only)' }) previousStatus: string | null;
  @ApiProperty({ enum: ['EMITTER', 'RECEIVER'], description: 'Which side acted' }) by: 'EMITTER' | 'RECEIVER';
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The activity entry of the change (GET /api/v1/tickets/{id})' }) activityId: string | null;
  @ApiProperty() categoryCode: string;
  @ApiProperty() subCategoryCode: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The invoice the ticket is about' }) invoiceId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) emitterStructureId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) receiverStructureId: string | null;
  @ApiProperty({ enum: ['EMITTER', 'RECEIVER'], description: 'Which side of the ticket the subscription’s structure is' }) side: 'EMITTER' | 'RECEIVER';
}

export const WEBHOOK_PAYLOAD_MODELS = [InvoiceEventDataDto, FlowEventDataDto, MembershipRequestedDataDto, TicketEventDataDto];

const DATA: Record<WebhookEventType, { model: (typeof WEBHOOK_PAYLOAD_MODELS)[number]; summary: string }> = {
  'invoice.status-changed': { model: InvoiceEventDataDto, summary: 'An invoice’s status changed (supplier side; recipient side once it reached the recipient)' },
  'invoice.received': { model: InvoiceEventDataDto, summary: 'An invoice was made available to the recipient (MISE_A_DISPOSITION)' },
  'flow.integrated': { model: FlowEventDataDto, summary: 'A deposited flow was integrated (wholly or partly)' },
  'flow.rejected': { model: FlowEventDataDto, summary: 'A deposited flow was rejected (or failed technically)' },
  'membership.requested': { model: MembershipRequestedDataDto, summary: 'Someone asked to join the structure or for more grants' },
  'ticket.updated': { model: TicketEventDataDto, summary: 'A support ticket was opened, changed status or got a message (either side)' },
};

/** The OpenAPI 3.1 `webhooks`: one POST per event type, signed (docs/connect-your-erp.md, "Receive events"). */
export function openApiWebhooks(): OpenApiWebhooks {
  return Object.fromEntries(
    Object.entries(DATA).map(([type, { model, summary }]) => [
      type,
      {
        post: {
          operationId: `webhook_${type.replace(/[.-]/g, '_')}`,
          summary,
          description:
            'POSTed to the subscription’s URL. Answer 2xx within the timeout to acknowledge; anything else (3xx included: ' +
            'redirects are not followed) is retried with exponential backoff. The same event may come more than once: ' +
            'deduplicate on `id`. Events of one invoice come in order.',
          tags: ['webhooks'],
          security: [],
          parameters: [
            {
              name: SIGNATURE_HEADER,
              in: 'header',
              required: true,
              description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" under the secret>`; two v1 during a secret rotation',
              schema: { type: 'string', example: 't=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd' },
            },
            { name: 'Liasse-Event-Id', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
            { name: 'Liasse-Event-Type', in: 'header', required: true, schema: { type: 'string', enum: [type] } },
            { name: 'Liasse-Delivery-Attempt', in: 'header', required: true, schema: { type: 'integer', minimum: 1 } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id', 'type', 'occurredAt', 'structureId', 'data'],
                  properties: {
                    id: { type: 'string', format: 'uuid', description: 'The event’s id: the same in every delivery of it' },
                    type: { type: 'string', enum: [type] },
                    occurredAt: { type: 'string', format: 'date-time' },
                    structureId: { type: 'string', format: 'uuid', description: 'The subscription’s structure' },
                    data: { $ref: getSchemaPath(model) },
                  },
                },
              },
            },
          },
          responses: {
            '200': { description: 'Received (any 2xx)' },
            '400': { description: 'Refused: retried later, then given up (replayable from the delivery log)' },
          },
        },
      },
    ]),
  );
}
