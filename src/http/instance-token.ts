import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tokens that authorise one instance only: an HMAC of the task hub and instance id under a secret
 * derived from the system key. A check-status payload given to a caller without the system key
 * carries the token in its status, raise-event and terminate URLs, so the starter of an instance
 * can follow and steer that instance and nothing else. Changing the system key revokes them all.
 */
export interface InstanceTokens {
  issue(instanceId: string): string;
  verify(instanceId: string, candidate: string | undefined): boolean;
}

export function createInstanceTokens(systemKey: string, hubName: string): InstanceTokens {
  const secret = createHmac('sha256', systemKey).update('durable-ts instance token v1').digest();
  const mac = (instanceId: string): Buffer => createHmac('sha256', secret).update(`${hubName}\n${instanceId}`, 'utf8').digest();
  return {
    issue: (instanceId) => `it1.${mac(instanceId).toString('base64url')}`,
    verify: (instanceId, candidate) => {
      if (candidate === undefined || !candidate.startsWith('it1.')) return false;
      const given = Buffer.from(candidate.slice(4), 'base64url');
      const expected = mac(instanceId);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
