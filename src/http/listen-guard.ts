import type { FastifyInstance } from 'fastify';
import { UnauthenticatedListenError } from '../model/errors/unauthenticated-listen-error';
import { isLoopbackAddress } from './loopback';

/**
 * Makes `app.listen` refuse, with UnauthenticatedListenError, an address beyond loopback while no
 * system key protects the management API — unless `allowUnauthenticated`. The requested host is
 * checked before listening (fastify's default, `localhost`, is loopback); the address the server
 * got is checked again after, and the server closed if it is not loopback.
 */
export function guardListen(app: FastifyInstance, allowed: boolean): void {
  if (allowed) return;
  const listen = app.listen.bind(app) as (options?: { host?: string }) => Promise<string>;
  const guarded = async (options: { host?: string } = {}): Promise<string> => {
    const host = options.host ?? 'localhost';
    if (host !== 'localhost' && !isLoopbackAddress(host)) throw new UnauthenticatedListenError(host);
    const url = await listen(options);
    const address = app.server.address();
    if (typeof address === 'object' && address !== null && !isLoopbackAddress(address.address)) {
      await app.close();
      throw new UnauthenticatedListenError(address.address);
    }
    return url;
  };
  app.listen = guarded as unknown as FastifyInstance['listen'];
}
