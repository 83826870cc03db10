import type { FastifyReply } from 'fastify';
import type { HttpResponse } from './http-response';

/**
 * Sends an HttpResponse: its status and headers, then the body — text and bytes as they are,
 * anything else as JSON (with a JSON content type unless the response names one).
 */
export function sendHttpResponse(reply: FastifyReply, response: HttpResponse): FastifyReply {
  reply.code(response.status);
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  const body = response.body;
  if (body === undefined) return reply.send();
  if (typeof body === 'string' || body instanceof Uint8Array) return reply.send(body);
  if (!reply.hasHeader('content-type')) reply.type('application/json; charset=utf-8');
  return reply.send(JSON.stringify(body));
}
