import { connect, Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { SmtpSink } from './smtp-sink';

/** Reads the server's answers until one starts with `code`. */
function expectReply(socket: Socket, code: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      if (new RegExp(`^${code}[ ]`, 'm').test(seen)) {
        socket.off('data', onData);
        resolve();
      } else if (/^[45]\d\d /m.test(seen)) reject(new Error(seen));
    };
    socket.on('data', onData);
  });
}

/**
 * The sink stands for a real mail server: a client that dies mid-transaction (a worker killed while it
 * sends) resets its connection, and the server goes on serving instead of throwing into the test run.
 */
describe('SmtpSink', () => {
  const sink = new SmtpSink();
  beforeAll(() => sink.start());
  afterAll(() => sink.stop());

  it('survives a client reset in the middle of DATA and still receives the next mail', async () => {
    const socket = connect(sink.port, '127.0.0.1');
    await expectReply(socket, '220');
    for (const [line, code] of [['EHLO killed.test', '250'], ['MAIL FROM:<a@killed.test>', '250'], ['RCPT TO:<b@liasse.test>', '250'], ['DATA', '354']] as const) {
      socket.write(`${line}\r\n`);
      await expectReply(socket, code);
    }
    await new Promise<void>((resolve) => socket.write('Subject: half\r\n\r\nhalf a body', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.connectionErrors.map((e: NodeJS.ErrnoException) => e.code)).toContain('ECONNRESET');

    await createTransport({ url: sink.url }).sendMail({ from: 'a@liasse.test', to: 'b@liasse.test', subject: 'whole', text: 'body' });
    expect((await sink.waitFor((m) => m.subject === 'whole')).to).toEqual(['b@liasse.test']);
  });
});
