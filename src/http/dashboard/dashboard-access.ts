import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerKeysOf } from '../caller-keys';
import { HttpProblem } from '../http-problem';
import { isLoopbackAddress } from '../loopback';

/**
 * The dashboard's guards. Its pages are off while the server listens beyond loopback without a
 * system key (a server opened to the network with `allowUnauthenticated` does not also hand out
 * a management UI); its JSON routes also need the system key when one is set, as the
 * management API does. Actions go through the management API and its own key check.
 */
export interface DashboardAccess {
  /** @throws HttpProblem DASHBOARD_OFF (403) */
  assertServed(): void;
  /** @throws HttpProblem DASHBOARD_OFF (403), UNAUTHORIZED (401) */
  assertMayRead(request: FastifyRequest): void;
}

export function createDashboardAccess(app: FastifyInstance, hasSystemKey: boolean): DashboardAccess {
  const assertServed = (): void => {
    if (hasSystemKey) return;
    const address = app.server.address();
    // Not listening (requests injected in-process) counts as loopback.
    if (typeof address === 'object' && address !== null && !isLoopbackAddress(address.address)) {
      throw new HttpProblem(
        403,
        'DASHBOARD_OFF',
        'The dashboard is off: this server listens beyond loopback without a system key. Set DURABLE_SYSTEM_KEY to serve it (its data and actions then need the key), or listen on 127.0.0.1.',
      );
    }
  };
  return {
    assertServed,
    assertMayRead: (request: FastifyRequest) => {
      assertServed();
      if (hasSystemKey && !callerKeysOf(request).systemKey) {
        throw new HttpProblem(401, 'UNAUTHORIZED', 'The dashboard API requires a valid system key in the x-functions-key header or the code query parameter.');
      }
    },
  };
}
