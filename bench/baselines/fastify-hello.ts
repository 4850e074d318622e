// The ceiling for the API bench: Fastify parsing the same JSON body and answering 202, with no auth or store.
import Fastify from 'fastify';
import { benchPort } from './frame.js';

const app = Fastify({ logger: false });
app.get('/healthz', async () => 'ok');
app.post('/v1/push', async (_req, reply) => reply.code(202).send({ hello: 'world' }));
await app.listen({ port: benchPort(), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
process.on('disconnect', () => process.exit(0));
