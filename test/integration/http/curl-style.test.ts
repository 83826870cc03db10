import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFunctions } from '../../../samples/functions';
import { sampleHttpTriggers } from '../../../samples/http/http-triggers';
import { httpTestFunctions } from './http-fixtures';
import { pollUntilDone, startHttpTestHost, type HttpTestHost } from './http-test-server';

interface RawResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/** Sends the exact bytes of a request (as curl writes them) and reads the whole response. */
async function rawRequest(url: string, lines: readonly string[], body = '', withHost = true): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    const host = withHost ? [`Host: ${hostname}:${port}`] : [];
    socket.write([...lines, ...host, 'User-Agent: curl/8.5.0', 'Accept: */*', 'Connection: close', '', body].join('\r\n'));
  });
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = new Map(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()] as const));
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

describe('requests written the way the docs show them with curl', () => {
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: [...sampleFunctions, ...httpTestFunctions], triggers: sampleHttpTriggers });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('curl -X POST .../orchestrators/E1_HelloSequence (no body, no Content-Type, no Content-Length)', async () => {
    const res = await rawRequest(t.url, ['POST /runtime/webhooks/durabletask/orchestrators/E1_HelloSequence HTTP/1.1']);
    expect(res.status).toBe(202);
    const payload = JSON.parse(res.body) as Record<string, string>;
    expect(res.headers.get('location')).toBe(payload.statusQueryGetUri);
    const done = await pollUntilDone(payload.statusQueryGetUri as string);
    expect(done.body.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
  });

  it('curl -X POST http://localhost:7071/api/orchestrators/E1_HelloSequence (the samples starter)', async () => {
    const res = await rawRequest(t.url, ['POST /api/orchestrators/E1_HelloSequence HTTP/1.1']);
    expect(res.status).toBe(202);
    expect(JSON.parse(res.body)).toHaveProperty('statusQueryGetUri');
  });

  it('curl -H "Content-Type: application/json" -d \'{"resourceGroup":"myRG"}\' starts with that input', async () => {
    const body = '{"resourceGroup":"myRG"}';
    const res = await rawRequest(
      t.url,
      ['POST /runtime/webhooks/durabletask/orchestrators/EchoOrchestrator/curl-json HTTP/1.1', 'Content-Type: application/json', `Content-Length: ${body.length}`],
      body,
    );
    expect(res.status).toBe(202);
    const done = await pollUntilDone(`${t.url}/runtime/webhooks/durabletask/instances/curl-json`);
    expect(done.body.input).toEqual({ resourceGroup: 'myRG' });
  });

  it("curl -d '\"Tokyo\"' (curl's default form content type) is a 415 that says to send JSON", async () => {
    const body = '"Tokyo"';
    const res = await rawRequest(
      t.url,
      ['POST /runtime/webhooks/durabletask/orchestrators/EchoOrchestrator HTTP/1.1', 'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${body.length}`],
      body,
    );
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'UNSUPPORTED_CONTENT_TYPE' });
  });

  it('a body without a Content-Type, or as text/plain (what a web page can send cross-site without a preflight), is refused with 415', async () => {
    const body = '"Tokyo"';
    const res = await rawRequest(t.url, ['POST /runtime/webhooks/durabletask/orchestrators/EchoOrchestrator/no-type HTTP/1.1', `Content-Length: ${body.length}`], body);
    expect(res.status).toBe(415);
    const viaFetch = await fetch(`${t.url}/runtime/webhooks/durabletask/orchestrators/EchoOrchestrator/fetch-text`, { method: 'POST', body: '{"a":1}' });
    expect(viaFetch.status).toBe(415);
    expect(await t.host.storage.getInstance('no-type')).toBeUndefined();
    expect(await t.host.storage.getInstance('fetch-text')).toBeUndefined();
  });

  it('curl .../instances/{id}?showHistory=true with a trailing slash', async () => {
    await rawRequest(t.url, ['POST /runtime/webhooks/durabletask/orchestrators/E1_HelloSequence/slash/ HTTP/1.1']);
    await pollUntilDone(`${t.url}/runtime/webhooks/durabletask/instances/slash`);
    const res = await rawRequest(t.url, ['GET /runtime/webhooks/durabletask/instances/slash/?showHistory=true HTTP/1.1']);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).historyEvents).toHaveLength(5);
  });

  it('an HTTP/1.0 request without a Host header gets URLs on the address it came in on', async () => {
    const res = await rawRequest(t.url, ['POST /runtime/webhooks/durabletask/orchestrators/E1_HelloSequence/old-client HTTP/1.0'], '', false);
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`${t.url}/runtime/webhooks/durabletask/instances/old-client?taskHub=TestHub`);
  });
});
