import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: { id: string; type: string; occurredAt: string; structureId: string; data: Record<string, any> };
  answered: number;
}

/** What a path answers: a status, or `hang` (never answers). Default 200. */
export type Behaviour = (request: ReceivedDelivery, nth: number) => number | 'hang';

/** A real HTTP server on loopback that records what it receives: the ERP side of webhook tests. */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly counts = new Map<string, number>();
  private server?: Server;
  private readonly hanging: ServerResponse[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const nth = (this.counts.get(path) ?? 0) + 1;
        this.counts.set(path, nth);
        const body = Buffer.concat(chunks).toString('utf8');
        const delivery: ReceivedDelivery = { path, headers: req.headers, body, json: JSON.parse(body || '{}'), answered: 0 };
        const answer = (this.behaviours.get(path) ?? (() => 200))(delivery, nth);
        delivery.answered = answer === 'hang' ? 0 : answer;
        this.received.push(delivery);
        if (answer === 'hang') {
          this.hanging.push(res);
          return;
        }
        res.writeHead(answer, answer >= 300 && answer < 400 ? { location: '/followed' } : {}).end('thanks');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}`;
  }

  on(path: string, behaviour: Behaviour): void {
    this.behaviours.set(path, behaviour);
  }

  at(path: string): ReceivedDelivery[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

/** Verifies `Liasse-Signature` as a receiver would: one of its v1 values is the HMAC of "t.body" under `secret`. */
export function signedWith(delivery: Pick<ReceivedDelivery, 'headers' | 'body'>, secret: string): boolean {
  const header = String(delivery.headers['liasse-signature'] ?? '');
  const parts = header.split(',').map((p) => p.split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  if (!t) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex'));
  return parts.some(([k, v]) => k === 'v1' && v !== undefined && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected));
}
