import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The same fields Herald's messageFrame carries, so every server writes frames of the same size. */
export function notification(title: string, body: string): Record<string, unknown> {
  const now = Date.now();
  return {
    type: 'message',
    id: randomUUID(),
    version: 1,
    kind: 'notification',
    title,
    body,
    priority: 'normal',
    sentAt: now,
    expiresAt: now + 7 * 24 * 3600 * 1000,
  };
}

export async function readJson(req: IncomingMessage): Promise<{ title?: string; body?: string }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length
    ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { title?: string; body?: string })
    : {};
}

export function benchPort(): number {
  const port = Number(process.env.BENCH_PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error('BENCH_PORT must be set');
  return port;
}
