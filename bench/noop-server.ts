import { serve } from '@hono/node-server';
import { Hono } from 'hono';

// The baseline: the same HTTP stack answering without validating or storing anything.
const app = new Hono();
app.post('/noop', (c) => c.json({ ok: true }, 201));
serve({ fetch: app.fetch, port: Number(process.env.PORT) }, () =>
  process.stdout.write('Assent collector: noop ready\n'),
);
