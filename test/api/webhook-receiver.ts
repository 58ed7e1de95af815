// A real local HTTP receiver for the webhook specs (issue 12): listens on a free port, verifies
// every signature with the endpoint's secret, can answer 500 to the first attempts of each
// delivery (to prove retries) or to everything on a path, and counts duplicate deliveries.
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../apps/api/src/webhooks/signature';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  deliveryId: string;
  event: string;
  signed: boolean | null;
  answered: number;
  at: number;
}

export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Secrets by path, for signature checks. */
  readonly secrets = new Map<string, string>();
  /** Answer 500 to this many first attempts of every delivery (per delivery id). */
  failFirst = 0;
  /** Paths that answer 500 to everything. */
  readonly failing = new Set<string>();
  private readonly attempts = new Map<string, number>();
  private server!: Server;
  url = '';

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        const deliveryId = String(req.headers['x-portal-delivery'] ?? '');
        const seen = (receiver.attempts.get(deliveryId) ?? 0) + 1;
        receiver.attempts.set(deliveryId, seen);
        const secret = receiver.secrets.get(path);
        const answered = receiver.failing.has(path) || seen <= receiver.failFirst ? 500 : 204;
        receiver.received.push({
          path,
          headers: req.headers,
          body,
          deliveryId,
          event: String(req.headers['x-portal-event'] ?? ''),
          signed: secret
            ? verifySignature(
                secret,
                String(req.headers['x-portal-signature'] ?? ''),
                body,
                Math.floor(Date.now() / 1000),
                // the app's clock may be moved ahead by the spec
                7 * 24 * 3600,
              )
            : null,
          answered,
          at: Date.now(),
        });
        res.statusCode = answered;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    return receiver;
  }

  /** Successful (2xx) receipts, at the path if given. */
  delivered(path?: string): Received[] {
    return this.received.filter((r) => r.answered < 300 && (!path || r.path === path));
  }

  /** Delivery ids answered 2xx more than once (0 in a normal run). */
  duplicates(path?: string): string[] {
    const counts = new Map<string, number>();
    for (const r of this.delivered(path))
      counts.set(r.deliveryId, (counts.get(r.deliveryId) ?? 0) + 1);
    return [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
