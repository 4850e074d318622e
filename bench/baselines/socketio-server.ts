// The socket.io comparison: io.emit of the same notification to every connected client.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { benchPort, notification, readJson } from './frame.js';

const server = createServer((req, res) => {
  if (req.url?.startsWith('/socket.io/')) return; // socket.io answers these itself
  if (req.method === 'GET' && req.url === '/healthz') {
    res.end('ok');
    return;
  }
  if (req.method === 'POST' && req.url === '/fanout') {
    void readJson(req).then((b) => {
      const msg = notification(b.title ?? '', b.body ?? '');
      io.emit('message', msg);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: msg.id, sentAt: msg.sentAt, clients: io.engine.clientsCount }));
    });
    return;
  }
  res.statusCode = 404;
  res.end();
});
const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
io.on('connection', (s) => {
  s.on('ack', () => {});
});
server.listen(benchPort(), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
