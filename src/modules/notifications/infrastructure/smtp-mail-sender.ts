import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../../../config/config';
import { uuidv7 } from '../../../shared/domain/ids';
import { rawRows } from '../../../shared/persistence/raw';
import { Clock } from '../../../shared/time/clock';
import { MailRequest, MailSender, MailTemplate } from '../contracts/mail';
import { renderMail } from '../templates';

/**
 * Keeps SMTP connections open between e-mails (nodemailer's pool, 5 connections, 100 messages each)
 * unless the URL says otherwise (`?pool=false`): a connection, greeting and STARTTLS per message cost more
 * than the message.
 */
export function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  return url.toString();
}

/**
 * Sends through SMTP and records each delivery in its own transaction (not the caller's): once an e-mail
 * has gone out, a retry of the calling job finds it "sent" and does not send it again. A failed send
 * throws, so the job is retried with backoff.
 */
@Injectable()
export class SmtpMailSender extends MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger(SmtpMailSender.name);
  private readonly transport: Transporter;

  constructor(
    config: AppConfig,
    private readonly orm: MikroORM,
    private readonly clock: Clock,
  ) {
    super();
    this.transport = createTransport(pooled(config.mail.smtpUrl), { from: config.mail.from });
  }

  async send<T extends MailTemplate>(request: MailRequest<T>): Promise<void> {
    // Never the caller's transaction: the record must outlive a rollback of the job that asked.
    const em = this.orm.em.fork();
    // One statement finds or creates the record (the no-op update makes RETURNING answer an existing row
    // too). This guards retries; two copies of one job never run at once (the worker's handled mark).
    const [delivery] = await rawRows<{ id: string; status: string }>(
      em,
      `insert into mail_delivery (id, idempotency_key, template, recipient, status, attempts, created_at)
       values (?, ?, ?, ?, 'pending', 0, ?)
       on conflict (idempotency_key) do update set idempotency_key = excluded.idempotency_key
       returning id, status`,
      [uuidv7(this.clock.now().getTime()), request.idempotencyKey, request.template, request.to, this.clock.now()],
    );
    if (delivery!.status === 'sent') return;
    const mail = renderMail(request.template, request.data);
    try {
      await this.transport.sendMail({
        to: request.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { 'X-Liasse-Template': request.template },
      });
    } catch (error) {
      await rawRows(em, `update mail_delivery set attempts = attempts + 1, last_error = ? where id = ?`, [(error as Error).message, delivery!.id]);
      throw error;
    }
    await rawRows(em, `update mail_delivery set attempts = attempts + 1, status = 'sent', sent_at = ? where id = ?`, [this.clock.now(), delivery!.id]);
    this.logger.log({ template: request.template, deliveryId: delivery!.id }, 'E-mail sent');
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
