/**
 * Property-based tests of the built-in API (fast-check): random paths, query strings, headers and
 * bodies against every route. Two invariants: nothing a client sends gets a 5xx, and a request the
 * API refuses (4xx) changes nothing that is stored — checked on a dump of every table of the
 * SQLite file, taken before and after each request.
 */
import { Agent, request as httpRequest } from 'node:http';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Counter } from '../../../samples/entities/counter.entity';
import { flakyWorld, httpTestFunctions } from './http-fixtures';
import { fetchJson, pollUntilDone, startHttpTestHost, until, waitForStatus, type HttpTestHost } from './http-test-server';

const KEY = 'fuzz-key';
const BODY_LIMIT = 64 * 1024;
const BASES = ['/runtime/webhooks/durabletask', '/durabletask', '/Runtime/Webhooks/DurableTask'];
const FINISHED = ['done', 'failed', 'terminated'] as const;
const LIVE = ['waiting', 'suspended'] as const;
const FIXTURES = [...FINISHED, ...LIVE];
/** The fuzzed hosts' functions: the HTTP fixtures and the samples' Counter entity. */
const FUNCTIONS = [...httpTestFunctions, Counter];
/** An entity with state that the refused requests aim at (`@counter@fixture`, value 5). */
const ENTITY = 'Counter/fixture';
const STATUS_NAMES = ['Pending', 'Running', 'Completed', 'ContinuedAsNew', 'Failed', 'Terminated', 'Suspended', 'Canceled'];

interface RawRequest {
  readonly method: string;
  /** The request target exactly as sent: path and query, already percent-encoded. */
  readonly target: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** Sends the request target as it is (no URL normalization, unlike fetch). */
function send(origin: string, req: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    const r = httpRequest({ host: hostname, port, method: req.method, path: req.target, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Every row of every table of the store: what "nothing changed" is checked against. */
function dump(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all()]));
  } finally {
    db.close();
  }
}

/** Percent-encodes the UTF-8 bytes of `text`, leaving only unreserved characters. */
function pct(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9._~-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function query(pairs: readonly (readonly [string, string])[]): string {
  return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&')}`;
}

// ---- arbitraries -------------------------------------------------------------------------------

const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/);
const base = fc.constantFrom(...BASES);

/** An instance id the rules refuse, as a path segment. */
const badIdSegment: fc.Arbitrary<string> = fc.oneof(
  word.map((w) => pct(`@${w}`)),
  fc
    .tuple(word, fc.constantFrom('/', '\\', '#', '?', '\u0000', '\u0007', '\u001f', '\u007f', '\u0085', '\u009f'), word)
    .map(([a, bad, b]) => pct(`${a}${bad}${b}`)),
  fc.integer({ min: 257, max: 700 }).map((n) => 'x'.repeat(n)),
  fc.constant(''),
);

/** An entity key the rules refuse, as a path segment (never empty: `…/entities/Counter/` is the list). */
const badKeySegment: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(word, fc.constantFrom('/', '\\', '#', '?', '\u0000', '\u0007', '\u001f', '\u007f'), word).map(([a, bad, b]) => pct(`${a}${bad}${b}`)),
  fc.integer({ min: 248, max: 700 }).map((n) => 'k'.repeat(n)),
);

/** An entity name no entity can have, as a path segment. */
const badEntityName: fc.Arbitrary<string> = fc.oneof(fc.tuple(word, word).map(([a, b]) => pct(`${a}@${b}`)), word.map((w) => pct(`@${w}`)), fc.constant(''));

/** A segment whose percent-encoding is broken (the URL cannot be decoded). */
const brokenSegment = fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%80', '%ED%A0%80', 'a%', '%%41');

/** JSON text that does not parse. */
const invalidJson = fc.oneof(
  fc.constantFrom('{', '[1,', '{"a":}', "{'a':1}", 'undefined', 'NaN', '01', '"\u0001"', '{"a":1}}', '[1] [2]', 'tru'),
  anyText.filter((text) => text.trim() !== '' && !parses(text)),
);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON the server refuses although it parses: too deep, or with prototype-poisoning keys. */
const refusedJson = fc.oneof(
  fc.integer({ min: 65, max: 400 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 65, max: 200 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ data: v, nested: [{ __proto__x: 1 }] }).replace('__proto__x', '__proto__')),
  fc.constant('{"constructor":{"prototype":{"polluted":true}}}'),
);

/** A body that is not JSON by its content type. */
const nonJsonTyped = fc.record({
  contentType: fc.oneof(
    fc.constantFrom('text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'application/octet-stream', 'multipart/form-data; boundary=x', 'application/xml', 'image/png'),
    fc.tuple(word, word).map(([a, b]) => `${a}/${b}`).filter((type) => !/json/i.test(type)),
  ),
  body: fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? '1'), anyText.filter((s) => s.length > 0)),
});

/** A timestamp value the API refuses. */
const badTimestamp = fc.oneof(
  fc.constantFrom('yesterday', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T10:60Z', '2024-01-01T10:00:61Z', '01/02/2024', '2024-1-1', '20240101', '2024-01-01T10:00:00+25:00', 'T10:00', '1e12', '-1', 'Infinity'),
  anyText.filter((s) => s.trim() !== '' && !/^\d{4}-\d{2}-\d{2}/.test(s.trim())),
);

/** A runtimeStatus list with at least one name that is not a status. */
const badStatusList = fc
  .tuple(fc.subarray(STATUS_NAMES), word.filter((w) => !STATUS_NAMES.some((s) => s.toLowerCase() === w.toLowerCase())))
  .chain(([good, bad]) => fc.shuffledSubarray([...good, bad], { minLength: good.length + 1 }).map((names) => names.join(',')));

const badTop = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', 'ten', '1e3', '0x10', '99999999999999999999', ' ', '+-1'),
  anyText.filter((s) => s.trim() !== '' && !/^\s*\+?\d{1,15}\s*$/.test(s)),
);
const badBool = anyText.filter((s) => s !== '' && !['true', 'false'].includes(s.toLowerCase()));
const wrongHub = anyText.filter((s) => s.trim() !== '' && s !== 'TestHub');
const keyPair: readonly [string, string] = ['code', KEY];

/**
 * Requests the API must refuse, each with one deliberate fault and every other part valid, aimed
 * at the fixture instances (so a fault that were not caught would change them).
 */
function refusedRequests(): fc.Arbitrary<RawRequest> {
  const fixture = fc.constantFrom(...FIXTURES);
  const op = fc.constantFrom('terminate', 'suspend', 'resume', 'rewind', 'restart');
  const jsonBody = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null');
  const jsonHeaders = { 'content-type': 'application/json' };

  const badId = fc.tuple(base, badIdSegment, fc.constantFrom('GET', 'DELETE', 'POST-op', 'POST-raise', 'POST-start'), op, jsonBody).map(([b, segment, kind, o, body]): RawRequest => {
    const q = query([keyPair]);
    // An empty id is refused in `…/instances//terminate`, but `…/instances/` is the list and `…/orchestrators/Name/` a start.
    const id = segment === '' && (kind === 'GET' || kind === 'DELETE' || kind === 'POST-start') ? '%40x' : segment;
    if (kind === 'GET' || kind === 'DELETE') return { method: kind, target: `${b}/instances/${id}${q}` };
    if (kind === 'POST-op') return { method: 'POST', target: `${b}/instances/${id}/${o}${q}` };
    if (kind === 'POST-start') return { method: 'POST', target: `${b}/orchestrators/EchoOrchestrator/${id}${q}`, headers: jsonHeaders, body };
    return { method: 'POST', target: `${b}/instances/${id}/raiseEvent/Approval${q}`, headers: jsonHeaders, body };
  });

  const badRaiseBody = fc.tuple(base, fixture, word, fc.oneof(invalidJson.map((body) => ({ body, contentType: 'application/json' })), refusedJson.map((body) => ({ body, contentType: 'application/json; charset=utf-8' })), nonJsonTyped, anyText.filter((s) => s.length > 0).map((body) => ({ body, contentType: undefined })))).map(
    ([b, id, eventName, { body, contentType }]): RawRequest => ({
      method: 'POST',
      target: `${b}/instances/${id}/raiseEvent/${pct(eventName)}${query([keyPair])}`,
      ...(contentType !== undefined ? { headers: { 'content-type': contentType } } : {}),
      body,
    }),
  );

  const badStartBody = fc.tuple(base, fc.constantFrom('EchoOrchestrator', 'ApprovalOrchestrator'), fc.option(fixture, { nil: undefined }), fc.oneof(invalidJson.map((body) => ({ body, contentType: 'application/json' })), refusedJson.map((body) => ({ body, contentType: 'application/json' })), nonJsonTyped.filter((b) => !b.contentType.startsWith('text/plain')))).map(
    ([b, name, id, { body, contentType }]): RawRequest => ({
      method: 'POST',
      target: `${b}/orchestrators/${name}${id !== undefined ? `/${id}` : ''}${query([keyPair])}`,
      headers: { 'content-type': contentType },
      body,
    }),
  );

  const unknownOrchestrator = fc.tuple(base, word.filter((w) => !['echoorchestrator', 'approvalorchestrator', 'heldorchestrator', 'explodingorchestrator', 'flakyorchestrator'].includes(w.toLowerCase())), fc.option(fixture, { nil: undefined })).map(
    ([b, name, id]): RawRequest => ({ method: 'POST', target: `${b}/orchestrators/${name}${id !== undefined ? `/${id}` : ''}${query([keyPair])}` }),
  );

  const badOpQuery = fc.tuple(base, fixture, fc.oneof(
    fc.tuple(fc.constantFrom('terminate', 'suspend', 'resume', 'rewind'), anyText, anyText).map(([o, a, c]) => ({ o, pairs: [['reason', a], ['Reason', c]] as [string, string][] })),
    badBool.map((v) => ({ o: 'restart', pairs: [['restartWithNewInstanceId', v]] as [string, string][] })),
  )).map(([b, id, { o, pairs }]): RawRequest => ({ method: 'POST', target: `${b}/instances/${id}/${o}${query([...pairs, keyPair])}` }));

  const badHub = fc.tuple(base, fixture, fc.constantFrom('GET', 'DELETE', 'POST-op', 'POST-raise', 'DELETE-all', 'POST-start'), op, wrongHub).map(([b, id, kind, o, hub]): RawRequest => {
    const q = query([['taskHub', hub], keyPair]);
    if (kind === 'GET' || kind === 'DELETE') return { method: kind, target: `${b}/instances/${id}${q}` };
    if (kind === 'DELETE-all') return { method: 'DELETE', target: `${b}/instances${query([['taskHub', hub], ['createdTimeFrom', '2000-01-01'], keyPair])}` };
    if (kind === 'POST-start') return { method: 'POST', target: `${b}/orchestrators/EchoOrchestrator/${id}${q}` };
    if (kind === 'POST-op') return { method: 'POST', target: `${b}/instances/${id}/${o}${q}` };
    return { method: 'POST', target: `${b}/instances/${id}/raiseEvent/Approval${q}`, headers: { 'content-type': 'application/json' }, body: '1' };
  });

  const badKey = fc.tuple(base, fixture, op, fc.oneof(fc.constant(undefined), anyText.filter((s) => s !== KEY))).map(([b, id, o, code]): RawRequest => ({
    method: 'POST',
    target: `${b}/instances/${id}/${o}${code === undefined ? '' : query([['code', code]])}`,
  }));

  const badPurgeFilter = fc.tuple(base, fc.oneof(
    fc.constant<[string, string][]>([]),
    fc.option(fc.constantFrom(...STATUS_NAMES), { nil: undefined }).map((s) => (s === undefined ? [] : [['runtimeStatus', s]]) as [string, string][]),
    badTimestamp.map((t) => [['createdTimeFrom', t]] as [string, string][]),
    badTimestamp.map((t) => [['createdTimeFrom', '2000-01-01T00:00:00Z'], ['createdTimeTo', t]] as [string, string][]),
    badStatusList.map((s) => [['createdTimeFrom', '2000-01-01'], ['runtimeStatus', s]] as [string, string][]),
    fc.constant<[string, string][]>([['createdTimeFrom', '2000-01-01'], ['createdTimeFrom', '2001-01-01']]),
  )).map(([b, pairs]): RawRequest => ({ method: 'DELETE', target: `${b}/instances${query([...pairs, keyPair])}` }));

  const badList = fc.tuple(base, fc.oneof(
    badTop.map((v) => ({ pairs: [['top', v]] as [string, string][], token: undefined })),
    badTimestamp.map((v) => ({ pairs: [['createdTimeFrom', v]] as [string, string][], token: undefined })),
    badStatusList.map((v) => ({ pairs: [['runtimeStatus', v]] as [string, string][], token: undefined })),
    badBool.map((v) => ({ pairs: [['showInput', v]] as [string, string][], token: undefined })),
    fc.integer({ min: 257, max: 400 }).map((n) => ({ pairs: [['instanceIdPrefix', 'p'.repeat(n)]] as [string, string][], token: undefined })),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/).filter((s) => s.trim() !== '').map((token) => ({ pairs: [] as [string, string][], token })),
  )).map(([b, { pairs, token }]): RawRequest => ({
    method: 'GET',
    target: `${b}/instances${query([...pairs, keyPair])}`,
    ...(token !== undefined ? { headers: { 'x-ms-continuation-token': token } } : {}),
  }));

  // Well-formed requests the state of the instance refuses: 409, 410, 412.
  const refusedByState = fc.tuple(base, fc.oneof(
    fc.tuple(fc.constantFrom(...FINISHED), fc.constantFrom('terminate', 'suspend', 'resume')).map(([id, o]) => ({ method: 'POST', path: `/instances/${id}/${o}`, body: undefined })),
    fc.tuple(fc.constantFrom(...FINISHED), fc.jsonValue({ maxDepth: 3 })).map(([id, v]) => ({ method: 'POST', path: `/instances/${id}/raiseEvent/Approval`, body: JSON.stringify(v) ?? 'null' })),
    fc.constantFrom('done', 'terminated', ...LIVE).map((id) => ({ method: 'POST', path: `/instances/${id}/rewind`, body: undefined })),
    fc.constantFrom(...LIVE).map((id) => ({ method: 'DELETE', path: `/instances/${id}`, body: undefined })),
    fc.constantFrom(...LIVE).map((id) => ({ method: 'POST', path: `/instances/${id}/restart?restartWithNewInstanceId=false&code=${KEY}`, body: undefined })),
    fc.constantFrom(...LIVE).map((id) => ({ method: 'POST', path: `/orchestrators/ApprovalOrchestrator/${id}`, body: undefined })),
    fc.constant({ method: 'DELETE', path: '/instances?createdTimeFrom=2100-01-01T00:00:00Z', body: undefined }),
    fc.constant({ method: 'DELETE', path: '/instances?createdTimeFrom=2000-01-01&runtimeStatus=Running,Suspended,Canceled', body: undefined }),
    fc.constant({ method: 'POST', path: '/instances/nobody/terminate', body: undefined }),
  )).map(([b, { method, path, body }]): RawRequest => ({
    method,
    target: `${b}${path}${path.includes('code=') ? '' : `${path.includes('?') ? '&' : '?'}code=${KEY}`}`,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body } : {}),
  }));

  const brokenUrl = fc.tuple(base, brokenSegment, fc.constantFrom('GET', 'POST', 'DELETE'), fc.constantFrom('', '/terminate', '/raiseEvent/x')).map(([b, seg, method, tail]): RawRequest => ({
    method,
    target: `${b}/instances/${seg}${tail}?code=${KEY}`,
  }));

  const tooLarge = fc.tuple(base, fixture, fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 2 })).map(([b, id, size]): RawRequest => ({
    method: 'POST',
    target: `${b}/instances/${id}/raiseEvent/Approval?code=${KEY}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify('x'.repeat(size)),
  }));

  const unknownRoute = fc.tuple(base, fc.constantFrom('PUT', 'PATCH', 'GET', 'POST'), fc.constantFrom('/instances', '/instances/done/x', '/instances/done/raiseEvent', '/orchestrators', '/entities/a/b', '/entities/Counter/fixture/x', '/entities', '/instances/done/terminate/now')).map(([b, method, path]): RawRequest => ({
    method,
    target: `${b}${path}?code=${KEY}`,
  })).filter((r) => !(r.method === 'GET' && /\/(instances|entities)\?/.test(r.target)));

  // ---- entities: every refused request aims at the fixture entity or a name or key it would store

  const signalMethod = fc.constantFrom('POST', 'DELETE');

  const badEntityId = fc.tuple(base, fc.constantFrom('POST', 'DELETE', 'GET'), fc.oneof(
    badKeySegment.map((key) => `Counter/${key}`),
    fc.tuple(badEntityName, word).map(([name, key]) => `${name}/${key}`),
  ), jsonBody).map(([b, method, path, body]): RawRequest => ({
    method,
    target: `${b}/entities/${path}${query([['op', 'add'], keyPair])}`,
    ...(method !== 'GET' ? { headers: jsonHeaders, body } : {}),
  }));

  const badSignalBody = fc.tuple(base, signalMethod, fc.option(fc.constantFrom('add', 'reset', 'delete', ''), { nil: undefined }), fc.oneof(
    invalidJson.map((body) => ({ body, contentType: 'application/json' })),
    refusedJson.map((body) => ({ body, contentType: 'application/json; charset=utf-8' })),
    nonJsonTyped,
    anyText.filter((s) => s.length > 0).map((body) => ({ body, contentType: undefined })),
  )).map(([b, method, op, { body, contentType }]): RawRequest => ({
    method,
    target: `${b}/entities/${ENTITY}${query([...(op !== undefined ? [['op', op] as [string, string]] : []), keyPair])}`,
    ...(contentType !== undefined ? { headers: { 'content-type': contentType } } : {}),
    body,
  }));

  const unknownEntity = fc.tuple(base, signalMethod, word.filter((w) => w.toLowerCase() !== 'counter'), word, fc.option(jsonBody, { nil: undefined })).map(([b, method, name, key, body]): RawRequest => ({
    method,
    target: `${b}/entities/${name}/${key}${query([['op', 'add'], keyPair])}`,
    ...(body !== undefined ? { headers: jsonHeaders, body } : {}),
  }));

  const badEntityQuery = fc.tuple(base, fc.oneof(
    fc.tuple(anyText, anyText).map(([a, c]): [string, string][] => [['op', a], ['OP', c]]),
    fc.tuple(wrongHub, fc.constantFrom('add', 'reset')).map(([hub, o]): [string, string][] => [['op', o], ['taskHub', hub]]),
  ), fc.option(jsonBody, { nil: undefined })).map(([b, pairs, body]): RawRequest => ({
    method: 'POST',
    target: `${b}/entities/${ENTITY}${query([...pairs, keyPair])}`,
    ...(body !== undefined ? { headers: jsonHeaders, body } : {}),
  }));

  const badEntityList = fc.tuple(base, fc.constantFrom('/entities', '/entities/Counter', '/entities/nosuch'), fc.oneof(
    badTop.map((v) => ({ pairs: [['top', v]] as [string, string][], token: undefined })),
    badTimestamp.map((v) => ({ pairs: [['lastOperationTimeFrom', v]] as [string, string][], token: undefined })),
    badTimestamp.map((v) => ({ pairs: [['lastOperationTimeTo', v]] as [string, string][], token: undefined })),
    badBool.map((v) => ({ pairs: [['fetchState', v]] as [string, string][], token: undefined })),
    wrongHub.map((v) => ({ pairs: [['taskHub', v]] as [string, string][], token: undefined })),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/).filter((s) => s.trim() !== '').map((token) => ({ pairs: [] as [string, string][], token })),
  )).map(([b, path, { pairs, token }]): RawRequest => ({
    method: 'GET',
    target: `${b}${path}${query([...pairs, keyPair])}`,
    ...(token !== undefined ? { headers: { 'x-ms-continuation-token': token } } : {}),
  }));

  const badEntityKey = fc.tuple(base, signalMethod, fc.oneof(fc.constant(undefined), anyText.filter((s) => s !== KEY)), jsonBody).map(([b, method, code, body]): RawRequest => ({
    method,
    target: `${b}/entities/${ENTITY}${query([['op', 'add'], ...(code === undefined ? [] : [['code', code] as [string, string]])])}`,
    headers: jsonHeaders,
    body,
  }));

  const missingEntity = fc.tuple(base, fc.oneof(word.filter((w) => w.toLowerCase() !== 'fixture').map((key) => `Counter/${key}`), fc.tuple(word, word).map(([n, k]) => `${n}/${k}`))).map(([b, path]): RawRequest => ({
    method: 'GET',
    target: `${b}/entities/${path.toLowerCase() === ENTITY.toLowerCase() ? 'Counter/other' : path}${query([keyPair])}`,
  }));

  const entityTooLarge = fc.tuple(base, fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 2 })).map(([b, size]): RawRequest => ({
    method: 'POST',
    target: `${b}/entities/${ENTITY}?op=add&code=${KEY}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify('x'.repeat(size)),
  }));

  // ---- cross-site: a valid, keyed request that a browser page could send, refused by Origin, Host or content type

  const stateChanging = fc.tuple(base, fc.constantFrom(...FIXTURES), fc.constantFrom('start', 'raise', 'terminate', 'suspend', 'purge', 'purge-all', 'signal'), fc.option(jsonBody, { nil: undefined })).map(([b, id, kind, body]) => {
    const q = query([keyPair]);
    const target = {
      start: `${b}/orchestrators/ApprovalOrchestrator/${id}${q}`,
      raise: `${b}/instances/${id}/raiseEvent/Approval${q}`,
      terminate: `${b}/instances/${id}/terminate${q}`,
      suspend: `${b}/instances/${id}/suspend${q}`,
      purge: `${b}/instances/${id}${q}`,
      'purge-all': `${b}/instances${query([['createdTimeFrom', '2000-01-01'], keyPair])}`,
      signal: `${b}/entities/${ENTITY}${query([['op', 'add'], keyPair])}`,
    }[kind];
    return { method: kind === 'purge' || kind === 'purge-all' ? 'DELETE' : 'POST', target, body };
  });
  const foreignOrigin = fc.oneof(
    fc.constantFrom('https://evil.example', 'null', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io:7071', 'file://'),
    word.map((w) => `https://${w}.example`),
  );
  const foreignHost = fc.oneof(fc.constantFrom('evil.example', 'rebind.evil.example:7071', '127.0.0.1.evil.example', 'localhostx'), word.map((w) => `${w}.example:80`));
  const safelistedType = fc.constantFrom('text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x');
  const crossSite = fc.tuple(stateChanging, fc.oneof(
    foreignOrigin.map((origin) => ({ fault: 'origin', headers: { origin, 'content-type': 'application/json' } })),
    foreignHost.map((host) => ({ fault: 'host', headers: { host, 'content-type': 'application/json' } })),
    fc.tuple(foreignHost, foreignOrigin).map(([host, origin]) => ({ fault: 'rebinding', headers: { host, origin: `http://${host}`, 'content-type': 'application/json' } })),
    safelistedType.map((type) => ({ fault: 'type', headers: { 'content-type': type } })),
  )).map(([req, { fault, headers }]): RawRequest => ({
    method: req.method,
    target: req.target,
    headers,
    // A JSON body for the Origin and Host faults (so only they are wrong); the same text, or nothing, under a form or text type.
    ...(req.body !== undefined ? { body: req.body } : fault === 'type' ? {} : { body: '1' }),
  }));

  return fc.oneof(
    crossSite, crossSite, badId, badRaiseBody, badStartBody, unknownOrchestrator, badOpQuery, badHub, badKey, badPurgeFilter, badList, refusedByState, brokenUrl, tooLarge, unknownRoute,
    badEntityId, badSignalBody, unknownEntity, badEntityQuery, badEntityList, badEntityKey, missingEntity, entityTooLarge,
  );
}

/** Any request at all: random routes, ids, query parameters, headers and bodies. */
function anyRequest(ids: readonly string[]): fc.Arbitrary<RawRequest> {
  const segment = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: word },
    { weight: 2, arbitrary: anyText.map(pct) },
    { weight: 1, arbitrary: badIdSegment },
    { weight: 1, arbitrary: brokenSegment },
  );
  const entityName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Counter', 'counter', 'COUNTER') }, { weight: 1, arbitrary: segment });
  const post = (path: fc.Arbitrary<string>): fc.Arbitrary<readonly [string, string]> => path.map((p) => ['POST', p] as const);
  const anyMethod = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE') }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'PATCH') });
  /** Mostly the methods the routes answer, so that most requests reach a handler; some of anything. */
  const route: fc.Arbitrary<readonly [string, string]> = fc.oneof(
    { weight: 3, arbitrary: post(fc.tuple(fc.constantFrom('EchoOrchestrator', 'ApprovalOrchestrator', 'ExplodingOrchestrator', 'FlakyOrchestrator'), fc.option(segment, { nil: undefined })).map(([n, id]) => `/orchestrators/${n}${id !== undefined ? `/${id}` : ''}`)) },
    { weight: 1, arbitrary: post(fc.tuple(segment, segment).map(([n, id]) => `/orchestrators/${n}/${id}`)) },
    { weight: 3, arbitrary: segment.map((id) => ['GET', `/instances/${id}`] as const) },
    { weight: 2, arbitrary: fc.constantFrom('/instances', '/instances/').map((p) => ['GET', p] as const) },
    { weight: 2, arbitrary: segment.map((id) => ['DELETE', `/instances/${id}`] as const) },
    { weight: 1, arbitrary: fc.constantFrom('/instances', '/instances/').map((p) => ['DELETE', p] as const) },
    { weight: 4, arbitrary: post(fc.tuple(segment, fc.constantFrom('terminate', 'suspend', 'resume', 'rewind', 'restart', 'RESTART', 'raiseEvent', 'other')).map(([id, o]) => `/instances/${id}/${o}`)) },
    { weight: 3, arbitrary: post(fc.tuple(segment, fc.oneof(fc.constantFrom('Approval', 'approval'), segment)).map(([id, e]) => `/instances/${id}/raiseEvent/${e}`)) },
    { weight: 2, arbitrary: fc.tuple(anyMethod, fc.array(segment, { maxLength: 5 })).map(([m, s]) => [m, `/${s.join('/')}`] as const) },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom('POST', 'POST', 'GET', 'DELETE'), entityName, segment).map(([m, n, k]) => [m, `/entities/${n}/${k}`] as const) },
    { weight: 2, arbitrary: fc.option(entityName, { nil: undefined }).map((n) => ['GET', n === undefined ? '/entities' : `/entities/${n}`] as const) },
  );
  const paramName = fc.oneof(
    fc.constantFrom('taskHub', 'code', 'reason', 'showHistory', 'showHistoryOutput', 'showInput', 'returnInternalServerErrorOnFailure', 'top', 'createdTimeFrom', 'createdTimeTo', 'runtimeStatus', 'instanceIdPrefix', 'restartWithNewInstanceId', 'version', 'connection'),
    fc.constantFrom('op', 'op', 'fetchState', 'lastOperationTimeFrom', 'lastOperationTimeTo'),
    word,
  );
  const paramValue = fc.oneof(
    anyText,
    fc.constantFrom('true', 'false', 'TRUE', '', 'TestHub', KEY, '1', '1000', '5000', '2000-01-01', '2024-05-01T10:30:00+02:00', 'Running,Completed', 'Canceled', 'x'),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    badTimestamp,
  );
  const validValue = fc.constantFrom('true', 'false', '', 'TestHub', '1', '3', '2000-01-01', 'Running,Completed', 'Suspended', 'f-', 'because', 'add', 'reset', 'get', 'delete');
  const params = fc
    .oneof(
      { weight: 3, arbitrary: fc.constant<[string, string][]>([]) },
      { weight: 3, arbitrary: fc.array(fc.tuple(paramName, validValue), { maxLength: 3 }) },
      { weight: 2, arbitrary: fc.array(fc.tuple(paramName, paramValue), { maxLength: 6 }) },
    )
    .map((pairs) => [...pairs, keyPair]);
  const token = fc.oneof(
    anyText.map((s) => s.replace(/[^\x20-\x7e]/g, '')),
    fc.tuple(fc.oneof(fc.double(), fc.integer(), fc.constant(1e308)), anyText).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
    fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
  );
  const body: fc.Arbitrary<{ readonly contentType?: string; readonly body?: string }> = fc.oneof(
    { weight: 4, arbitrary: fc.constant({}) },
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 6, stringUnit: 'binary' }).map((v) => ({ contentType: 'application/json', body: JSON.stringify(v) ?? 'null' })) },
    invalidJson.map((b) => ({ contentType: 'application/json', body: b })),
    refusedJson.map((b) => ({ contentType: 'application/json', body: b })),
    nonJsonTyped,
    anyText.map((b) => ({ body: b })),
    fc.integer({ min: 1, max: 90_000 }).map((n) => ({ contentType: 'application/json', body: JSON.stringify('y'.repeat(n)) })),
  );
  return fc.tuple(route, base, params, fc.option(token, { nil: undefined }), body).map(([[method, p], b, pairs, t, { contentType, body: text }]) => ({
    method,
    target: `${b}${p}${query(pairs)}`,
    headers: { ...(contentType !== undefined ? { 'content-type': contentType } : {}), ...(t !== undefined && t !== '' ? { 'x-ms-continuation-token': t } : {}) },
    ...(text !== undefined && method !== 'GET' ? { body: text } : {}),
  }));
}

function expectErrorShape(res: RawResponse, req: RawRequest): void {
  const where = `${req.method} ${req.target} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, where).toBeGreaterThanOrEqual(400);
  expect(res.status, where).toBeLessThan(500);
  const body = JSON.parse(res.text) as { error?: unknown; message?: unknown };
  expect(typeof body.error, where).toBe('string');
  expect(typeof body.message, where).toBe('string');
}

afterAll(() => agent.destroy());

describe('fuzzing the built-in API: a refused request changes nothing', () => {
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: FUNCTIONS, systemKey: KEY, bodyLimitBytes: BODY_LIMIT });
    const api = (path: string): string => `${t.url}${BASES[0]}${path}${path.includes('?') ? '&' : '?'}code=${KEY}`;
    flakyWorld.broken = true;
    const post = (path: string, body?: string): Promise<unknown> => fetchJson(api(path), { method: 'POST', headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body } : {}) });
    await post('/orchestrators/EchoOrchestrator/done', '{"n":1}');
    await post('/orchestrators/FlakyOrchestrator/failed', '"f"');
    for (const id of ['terminated', ...LIVE]) await post(`/orchestrators/ApprovalOrchestrator/${id}`);
    for (const id of ['terminated', ...LIVE]) await waitForStatus(api(`/instances/${id}`), ['Running'], (b) => b.customStatus === 'waiting');
    await post('/instances/terminated/terminate?reason=fixture');
    await post('/instances/suspended/suspend?reason=fixture');
    await pollUntilDone(api('/instances/done'));
    await pollUntilDone(api('/instances/failed'));
    await pollUntilDone(api('/instances/terminated'));
    await waitForStatus(api('/instances/suspended'), ['Suspended']);
    await post(`/entities/${ENTITY}?op=add`, '5');
    await until(() => fetchJson(api(`/entities/${ENTITY}`)), (res) => res.status === 200 && res.body.value === 5);
    const statuses = await Promise.all(FIXTURES.map(async (id) => (await t.host.storage.getInstance(id))?.runtimeStatus));
    expect(statuses).toEqual(['Completed', 'Failed', 'Terminated', 'Running', 'Suspended']);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('answers each with a 4xx JSON error and leaves every stored row as it was', async () => {
    const initial = dump(t.dbPath);
    await fc.assert(
      fc.asyncProperty(refusedRequests(), async (req) => {
        const before = dump(t.dbPath);
        const res = await send(t.url, req);
        expectErrorShape(res, req);
        expect(dump(t.dbPath) === before, `${req.method} ${req.target} changed the store`).toBe(true);
      }),
      { numRuns: 300 },
    );
    // Nothing was queued for later either: after the worker has had time to act, the store is the same.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dump(t.dbPath) === initial).toBe(true);
  });
});

describe('fuzzing the built-in API: nothing a client sends gets a 5xx', () => {
  let t: HttpTestHost;
  const ids = ['f-a', 'f-b', 'f-c'];
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: FUNCTIONS, systemKey: KEY, bodyLimitBytes: BODY_LIMIT });
    flakyWorld.broken = true;
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('random routes, ids, query strings, headers and bodies', async () => {
    await fc.assert(
      fc.asyncProperty(anyRequest(ids), async (req) => {
        const res = await send(t.url, req);
        const where = `${req.method} ${req.target} → ${res.status} ${res.text.slice(0, 300)}`;
        expect(res.status, where).toBeLessThan(500);
        if (res.status >= 400) expectErrorShape(res, req);
      }),
      { numRuns: 200 },
    );
  });

  it('random continuation tokens and list filters never fail a list (instances or entities) with a 5xx', async () => {
    const instanceParams = fc.array(
      fc.tuple(fc.constantFrom('top', 'createdTimeFrom', 'createdTimeTo', 'runtimeStatus', 'instanceIdPrefix', 'showInput'), fc.oneof(anyText, fc.constantFrom('1', '2', '2000-01-01', 'Running,Completed', 'f-', 'false'))),
      { maxLength: 4 },
    );
    const entityParams = fc.array(
      fc.tuple(fc.constantFrom('top', 'lastOperationTimeFrom', 'lastOperationTimeTo', 'fetchState'), fc.oneof(anyText, fc.constantFrom('1', '2', '2000-01-01', '2100-01-01', 'true', 'false'))),
      { maxLength: 4 },
    );
    const list = fc.oneof(
      instanceParams.map((pairs) => ({ path: '/instances', pairs })),
      fc.tuple(fc.constantFrom('/entities', '/entities/counter', '/entities/Counter/', '/entities/nosuch'), entityParams).map(([path, pairs]) => ({ path, pairs })),
    );
    const token = fc.oneof(
      fc.tuple(fc.oneof(fc.double(), fc.integer(), fc.constant(-1), fc.constant(8.64e15 + 1)), fc.string({ maxLength: 300 })).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
      fc.string({ unit: 'binary-ascii', maxLength: 200 }).map((s) => s.replace(/[^\x21-\x7e]/g, 'A')),
    );
    const c = (i: number): string => `f-c-${i}`;
    for (let i = 0; i < 3; i++) await send(t.url, { method: 'POST', target: `${BASES[0]}/entities/Counter/${c(i)}?op=add&code=${KEY}`, headers: { 'content-type': 'application/json' }, body: '1' });
    await fc.assert(
      fc.asyncProperty(base, list, fc.option(token, { nil: undefined }), async (b, { path, pairs }, tok) => {
        const req: RawRequest = { method: 'GET', target: `${b}${path}${query([...pairs, keyPair])}`, ...(tok !== undefined ? { headers: { 'x-ms-continuation-token': tok } } : {}) };
        const res = await send(t.url, req);
        expect(res.status, `${req.target} ${JSON.stringify(req.headers)} → ${res.status} ${res.text.slice(0, 200)}`).toBeLessThan(500);
        if (res.status === 200) expect(Array.isArray(JSON.parse(res.text))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('fuzzing the built-in API: JSON payloads arrive as they were sent', () => {
  let t: HttpTestHost;
  let n = 0;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: FUNCTIONS, bodyLimitBytes: BODY_LIMIT });
  });
  afterAll(async () => {
    await t.dispose();
  });
  /** JSON the server takes (no prototype-poisoning keys), with any Unicode in strings. */
  const payload = fc
    .jsonValue({ maxDepth: 8, stringUnit: 'binary' })
    .filter((v) => !/"(__proto__|constructor)":/.test(JSON.stringify(v) ?? ''))
    .map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown);

  it('a start input and raised event data round-trip through storage and replay', async () => {
    await fc.assert(
      fc.asyncProperty(payload, payload, async (input, data) => {
        const id = `rt-${n++}`;
        const api = `${t.url}${BASES[n % BASES.length]}`;
        const start = await fetchJson(`${api}/orchestrators/ApprovalOrchestrator/${id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
        expect(start.status).toBe(202);
        await waitForStatus(`${api}/instances/${id}`, ['Running'], (b) => b.customStatus === 'waiting');
        const raise = await fetch(`${api}/instances/${id}/raiseEvent/Approval`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
        expect(raise.status).toBe(202);
        const done = await pollUntilDone(`${api}/instances/${id}`);
        expect(done.body.input).toEqual(input);
        expect(done.body.output).toEqual({ approval: data });
        const listed = await fetchJson(`${api}/instances?instanceIdPrefix=${encodeURIComponent(id)}`);
        expect((listed.body as unknown as { input: unknown }[])[0]?.input).toEqual(input);
      }),
      { numRuns: 40 },
    );
  });
});
