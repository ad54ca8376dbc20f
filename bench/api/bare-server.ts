/**
 * The floor for the API benchmark: a bare Fastify route returning a 2 KB JSON document,
 * in its own process like the Capsule server, with Fastify's default JSON serialization.
 */
import Fastify from 'fastify';

const payload = {
  items: Array.from({ length: 20 }, (_, i) => ({ id: `item-${i}`, title: `Analysis number ${i} of the floor`, value: i * 1.5, ok: i % 2 === 0 })),
};
const app = Fastify({ logger: false });
app.get('/bare', async () => payload);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ address, bytes: JSON.stringify(payload).length })}\n`);
