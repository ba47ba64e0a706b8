import { Global, Module } from '@nestjs/common';
import { MailSender } from './contracts/mail';
import { SmtpMailSender } from './infrastructure/smtp-mail-sender';

/** E-mail rendering and sending. Used from workers only (event handlers), never inside a request. */
@Global()
@Module({
  providers: [{ provide: MailSender, useClass: SmtpMailSender }],
  exports: [MailSender],
})
export class NotificationsModule {}
