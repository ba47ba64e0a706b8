import { waitUntil } from './accounts';
import { TestApp } from '../support/test-app';

/** Opens a ticket through HTTP; returns its id and number. */
export async function openTicket(t: TestApp, token: string, body: Record<string, unknown>): Promise<{ id: string; number: string }> {
  const res = await t.http.post('/api/v1/tickets', body, { token });
  if (res.status !== 201) throw new Error(`ticket failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Waits until `to` has received `count` e-mails of `template` (the outbox is flushed on each try). */
export async function waitForMails(t: TestApp, to: string, template: string, count = 1): Promise<void> {
  await waitUntil(async () => {
    await t.flushOutbox();
    return t.mail.count((m) => m.to.includes(to.toLowerCase()) && m.template === template) >= count;
  }).catch(() => {
    throw new Error(`${to} never got ${count} × ${template}; got: ${t.mail.mails.filter((m) => m.to.includes(to.toLowerCase())).map((m) => m.template).join(', ')}`);
  });
}

export const mailsTo = (t: TestApp, to: string, template: string) => t.mail.mails.filter((m) => m.to.includes(to.toLowerCase()) && m.template === template);
