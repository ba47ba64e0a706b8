import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  template?: string;
}

/** A real SMTP server on a free port that keeps what it receives, so tests read the e-mails users get. */
export class SmtpSink {
  readonly mails: CapturedMail[] = [];
  private waiters: Array<() => void> = [];
  private server?: SMTPServer;
  private rejections = 0;
  /** Connection errors seen (resets by clients that died mid-transaction). */
  readonly connectionErrors: Error[] = [];
  port = 0;

  /** The next `count` messages are refused with a 451 (temporary failure), as a busy relay does. */
  rejectNext(count: number): void {
    this.rejections = count;
  }

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        if (this.rejections > 0) {
          this.rejections--;
          stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
          stream.resume();
          return;
        }
        simpleParser(stream)
          .then((parsed) => {
            const to = [parsed.to]
              .flat()
              .flatMap((a) => (a ? a.value.map((v) => (v.address ?? '').toLowerCase()) : []));
            this.mails.push({
              to,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              template: parsed.headers.get('x-liasse-template') as string | undefined,
            });
            this.waiters.forEach((w) => w());
            callback();
          })
          .catch(callback);
      },
    });
    // A client that dies mid-transaction (a worker killed while sending) resets its connection: a mail server
    // logs that and goes on serving. Without a listener the emitter throws it into whichever test is running.
    this.server.on('error', (error: Error) => this.connectionErrors.push(error));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Resolves with the first e-mail matching, waiting for it if needed (fails after `timeoutMs`). */
  async waitFor(match: (mail: CapturedMail) => boolean, timeoutMs = 15_000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`No matching e-mail within ${timeoutMs} ms; received: ${this.mails.map((m) => `${m.to.join(',')} «${m.subject}»`).join(' | ') || 'none'}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
  }

  /** Waits for an e-mail to `to` whose template (X-Liasse-Template header) is `template`. */
  waitForTemplate(to: string, template: string, timeoutMs?: number): Promise<CapturedMail> {
    return this.waitFor((m) => m.to.includes(to.toLowerCase()) && m.template === template, timeoutMs);
  }

  count(match: (mail: CapturedMail) => boolean): number {
    return this.mails.filter(match).length;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The first URL in a text that carries `token=`; returns the token. */
export function tokenFromMail(mail: CapturedMail): string {
  const match = /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`No token link in e-mail «${mail.subject}»`);
  return match[1]!;
}

export function codeFromMail(mail: CapturedMail): string {
  const match = /\b(\d{6})\b/.exec(mail.text);
  if (!match) throw new Error(`No 6-digit code in e-mail «${mail.subject}»`);
  return match[1]!;
}
