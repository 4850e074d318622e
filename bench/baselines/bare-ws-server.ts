// The ceiling for fan-out: a ws server with no auth, store or bookkeeping, writing one pre-built frame.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { benchPort, notification, readJson } from './frame.js';

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.end('ok');
    return;
  }
  if (req.method === 'POST' && req.url === '/fanout') {
    void readJson(req).then((b) => {
      const msg = notification(b.title ?? '', b.body ?? '');
      // Encoded once, as Herald does: the same buffer goes to every socket.
      const data = Buffer.from(JSON.stringify(msg));
      for (const ws of wss.clients) ws.send(data, { binary: false });
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ id: msg.id, sentAt: msg.sentAt, clients: wss.clients.size, bytes: data.length }),
      );
    });
    return;
  }
  res.statusCode = 404;
  res.end();
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => {
  // Acks are read and dropped, so the clients do the same work as against Herald.
  ws.on('message', () => {});
  ws.on('error', () => {});
});
server.listen(benchPort(), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
