import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { closeNow, listenOnLoopback } from '../testing/loopback-server.ts';
import { ConnectionPool, httpRequest } from './connection-pool.ts';
import { HttpTransportError, parseReply } from './http-connection.ts';
import { freePort } from './server-process.ts';

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

describe('parsing a reply', () => {
  type Parsed = { status: number; body: string; keepAlive: boolean } | 'invalid' | null;
  const cases: [name: string, text: string, expected: Parsed][] = [
    [
      'a body of Content-Length bytes',
      `${head(['HTTP/1.1 200 OK', 'Content-Length: 7'])}{"a":1}`,
      { status: 200, body: '{"a":1}', keepAlive: true },
    ],
    ['a body still arriving', `${head(['HTTP/1.1 200 OK', 'content-length: 7'])}{"a"`, null],
    ['a head still arriving', 'HTTP/1.1 200 OK\r\nContent-Le', null],
    [
      'a chunked body',
      `${head(['HTTP/1.1 404 Not Found', 'Transfer-Encoding: chunked'])}3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n`,
      { status: 404, body: 'abcde', keepAlive: true },
    ],
    [
      'a chunked body without its last chunk',
      `${head(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked'])}3\r\nabc\r\n`,
      null,
    ],
    [
      'a reply that closes the connection',
      `${head(['HTTP/1.1 503 Service Unavailable', 'Connection: close', 'Content-Length: 0'])}`,
      { status: 503, body: '', keepAlive: false },
    ],
    ['a 204 without a length', head(['HTTP/1.1 204 No Content']), { status: 204, body: '', keepAlive: true }],
    ['something that is not HTTP', head(['SSH-2.0-OpenSSH']), 'invalid'],
    ['a body that ends only when the connection does', head(['HTTP/1.1 200 OK']), 'invalid'],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => {
      const parsed = parseReply(Buffer.from(text));
      // A complete reply takes exactly its own bytes from the buffer.
      const whole = expected === null || expected === 'invalid' ? {} : { length: Buffer.byteLength(text) };
      assert.deepEqual(
        parsed,
        expected === null || expected === 'invalid' ? expected : { ...expected, ...whole },
      );
    });
  }

  test('UTF-8 in a body is counted in bytes, not characters', () => {
    const body = '{"city":"Москва"}';
    const text = `${head(['HTTP/1.1 200 OK', `Content-Length: ${Buffer.byteLength(body)}`])}${body}`;
    const reply = parseReply(Buffer.from(text));
    assert.ok(reply && reply !== 'invalid');
    assert.equal(reply.body, body);
  });
});

describe('a pool of keep-alive connections', () => {
  let server: Server;
  let url: string;
  const connections = new Set<unknown>();

  before(async () => {
    server = createServer((request, response) => {
      connections.add(request.socket);
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        if (request.url === '/slow') return; // never answers
        if (request.url === '/close') {
          response.writeHead(200, { connection: 'close', 'content-length': '2' }).end('ok');
          return;
        }
        // No Content-Length: Node sends the reply chunked.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write(`{"echo":${body},`);
        response.end(`"path":"${request.url}"}`);
      });
    });
    url = await listenOnLoopback(server);
  });
  after(() => closeNow(server));

  const post = (pool: ConnectionPool, path: string, body = '{}') =>
    pool.send(httpRequest('POST', path, { host: pool.authority, 'content-type': 'text/plain' }, body));

  test('requests reuse the connections instead of opening one each', async () => {
    connections.clear();
    const pool = new ConnectionPool(url, { connections: 2, timeoutMs: 5000 });
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => post(pool, `/n${i}`, `${i}`)));
    pool.close();
    replies.forEach((reply, i) => {
      assert.equal(reply.status, 200);
      assert.deepEqual(JSON.parse(reply.body), { echo: i, path: `/n${i}` });
    });
    assert.equal(connections.size, 2);
  });

  test('a server that closes after its reply gets a fresh connection for the next request', async () => {
    const pool = new ConnectionPool(url, { connections: 1, timeoutMs: 5000 });
    assert.equal((await post(pool, '/close')).body, 'ok');
    assert.equal((await post(pool, '/after')).status, 200);
    pool.close();
  });

  test('a connection the server closed while it sat idle is replaced, not reported as an error', async () => {
    server.keepAliveTimeout = 100;
    const pool = new ConnectionPool(url, { connections: 1, timeoutMs: 5000 });
    assert.equal((await post(pool, '/before')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await post(pool, '/after')).status, 200);
    pool.close();
    server.keepAliveTimeout = 5000;
  });

  test('a reply that never comes fails with the code "timeout"', async () => {
    const pool = new ConnectionPool(url, { connections: 1, timeoutMs: 200 });
    await assert.rejects(
      post(pool, '/slow'),
      (error) => error instanceof HttpTransportError && error.code === 'timeout',
    );
    pool.close();
  });

  test('a port nobody listens on fails with ECONNREFUSED', async () => {
    const pool = new ConnectionPool(`http://127.0.0.1:${await freePort()}`, {
      connections: 1,
      timeoutMs: 2000,
    });
    await assert.rejects(
      post(pool, '/'),
      (error) => error instanceof HttpTransportError && error.code === 'ECONNREFUSED',
    );
    pool.close();
  });
});
