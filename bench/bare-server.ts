/**
 * The baseline: a bare Fastify app answering the snippet API's two paths with a constant reply, with
 * the same body handling (text/plain JSON, a body schema, a reply schema) and nothing behind it.
 * The benchmark sends both servers the very same requests. Run as a child process.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.removeContentTypeParser('text/plain');
app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
  try {
    done(null, JSON.parse(body as string));
  } catch (error) {
    done(error as Error, undefined);
  }
});

const number = {
  type: 'object',
  properties: {
    biz: { type: 'string' },
    show: { type: 'string' },
    kind: { type: 'string' },
    until: { type: ['string', 'null'] },
  },
} as const;
const reply = {
  vid: 'vis_bare',
  sid: 'ses_bare',
  hb: 30,
  numbers: [{ biz: '+74951234567', show: '+74952000001', kind: 'pool', until: '2030-01-01T00:00:00.000Z' }],
};

app.post(
  '/s/v1/:call',
  {
    schema: {
      body: {
        type: 'object',
        required: ['v', 'k', 'u'],
        properties: {
          v: { type: 'string', maxLength: 32 },
          k: { type: 'string', maxLength: 64 },
          u: { type: 'string', maxLength: 4096 },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            vid: { type: 'string' },
            sid: { type: 'string' },
            hb: { type: 'integer' },
            numbers: { type: 'array', items: number },
          },
        },
      },
    },
  },
  async () => reply,
);

const port = Number(process.env.PORT ?? 3001);
await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`bare fastify listening on ${port}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
