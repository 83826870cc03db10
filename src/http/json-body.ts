import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from './http-problem';

/** A body whose content type is not JSON, kept as bytes for the route to interpret. */
export class RawBody {
  constructor(
    /** The Content-Type header as sent, or undefined when the request had none. */
    readonly contentType: string | undefined,
    readonly bytes: Buffer,
  ) {}

  get mediaType(): string | undefined {
    return this.contentType?.split(';')[0]?.trim().toLowerCase();
  }
}

/** `application/json` and every `application/…+json` type, with or without parameters. */
const JSON_CONTENT_TYPES: RegExp = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * Installs the server's body parsers: JSON content is parsed (an empty body is "no body"), any
 * other content is kept as a RawBody. Invalid JSON is a 400 that says where parsing stopped.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser<string>(JSON_CONTENT_TYPES, { parseAs: 'string' }, async (_request: FastifyRequest, body: string) => parseJsonText(body));
  app.addContentTypeParser<Buffer>('*', { parseAs: 'buffer' }, async (request: FastifyRequest, bytes: Buffer) =>
    bytes.length === 0 ? undefined : new RawBody(request.headers['content-type'], bytes),
  );
}

/**
 * Deepest nesting of objects and arrays accepted in a request body: Json.NET's default, which the
 * Durable Functions extension parses with. Deeper values would overflow the stack when encoded.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses JSON text from a client: whitespace only means no value (undefined); `__proto__` keys and
 * `constructor.prototype` are refused, as fastify's own parser does, so no payload can poison a
 * prototype later; nesting deeper than MAX_JSON_DEPTH is refused.
 * @throws HttpProblem INVALID_JSON
 */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (exceedsDepth(text, MAX_JSON_DEPTH)) {
    throw new HttpProblem(400, 'INVALID_JSON', `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.`);
  }
  try {
    return JSON.parse(text, rejectPoisoning);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HttpProblem(400, 'INVALID_JSON', `The request body is not valid JSON: ${reason}.`);
  }
}

/** True when brackets outside strings nest deeper than `limit` (a linear scan, no recursion). */
function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > limit) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}

function rejectPoisoning(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('it contains a "__proto__" key, which is not accepted');
  if (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype')) {
    throw new SyntaxError('it contains a "constructor.prototype" key, which is not accepted');
  }
  return value;
}

/**
 * The JSON value of a request body: JSON content types are parsed already; no body is undefined.
 * A body of any other content type, `text/plain` or none included, is refused: those are what a
 * web page can send cross-site without a CORS preflight, so accepting them would let any page
 * start orchestrations.
 * @throws HttpProblem UNSUPPORTED_CONTENT_TYPE (415) or INVALID_JSON (400)
 */
export function readJsonBody(body: unknown): unknown {
  return readJsonContent(body, 'The request body');
}

/**
 * Refuses a request to a JSON endpoint whose Content-Type is not JSON, even with an empty body
 * (an HTML form posts `application/x-www-form-urlencoded` with no fields), and one with a body
 * but no Content-Type. Requests without a body and without a Content-Type pass.
 * @throws HttpProblem UNSUPPORTED_CONTENT_TYPE (415)
 */
export function assertJsonContentType(request: FastifyRequest): void {
  const type = request.headers['content-type'];
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (type === undefined ? hasBody : !JSON_CONTENT_TYPES.test(type)) {
    throw unsupportedContentType('The request body', type);
  }
}

/**
 * The event data of a raise-event request. As the Durable Functions reference says, the content
 * must be JSON (`application/json`, or an `application/…+json` type); a request without a body
 * raises the event without data. A body of any other type, `text/plain` or none included, is
 * refused rather than guessed at.
 * @throws HttpProblem UNSUPPORTED_CONTENT_TYPE or INVALID_JSON
 */
export function readEventDataBody(body: unknown): unknown {
  return readJsonContent(body, 'The event data');
}

/**
 * The input of an entity operation (signal entity). As the reference says for this route, the
 * content must be JSON (`application/json`, or an `application/…+json` type); a request without
 * a body signals the operation without input. Any other content type is refused.
 * @throws HttpProblem UNSUPPORTED_CONTENT_TYPE or INVALID_JSON
 */
export function readOperationInputBody(body: unknown): unknown {
  return readJsonContent(body, 'The operation input');
}

/** A body parsed from JSON content, or no body; `what` names it in the refusal of anything else. */
function readJsonContent(body: unknown, what: string): unknown {
  if (!(body instanceof RawBody)) return body;
  throw unsupportedContentType(what, body.contentType);
}

function unsupportedContentType(what: string, contentType: string | undefined): HttpProblem {
  return new HttpProblem(
    415,
    'UNSUPPORTED_CONTENT_TYPE',
    contentType === undefined
      ? `${what} has no Content-Type; send it as JSON with Content-Type: application/json.`
      : `${what} has Content-Type '${contentType.slice(0, 100)}'; send it as JSON with Content-Type: application/json.`,
  );
}
