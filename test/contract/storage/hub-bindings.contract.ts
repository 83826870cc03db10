import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { claimOne, newInstance, startWithActivity, T0, useProvider, type MakeStorageProvider } from './storage-fixtures';

export function describeHubBindingsContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: bindings to other task hubs`, () => {
    const provider = useProvider(makeProvider);

    it('binds the same storage to another hub, keeps the hubs apart, lists them and deletes one alone', async () => {
      const own = provider();
      const otherName = `Bound${randomBytes(5).toString('hex')}`;
      const other = own.forHub(otherName);
      expect(own.forHub(own.hubName)).toBe(own);
      expect(own.forHub(otherName)).toBe(other);
      expect(other.hubName).toBe(otherName);
      try {
        await startWithActivity(own, 'same-id');
        await other.createInstance(newInstance('same-id', { name: 'OtherName' }));
        expect((await own.getInstance('same-id'))?.name).not.toBe('OtherName');
        expect((await other.getInstance('same-id'))?.name).toBe('OtherName');
        expect((await claimOne(other, 'w', T0)).instance.instanceId).toBe('same-id');
        expect(await own.listHubs()).toEqual(expect.arrayContaining([own.hubName, otherName]));

        await other.deleteHub();
        expect(await other.getInstance('same-id')).toBeUndefined();
        expect(await own.listHubs()).not.toContain(otherName);
        expect(await own.listHubs()).toContain(own.hubName);
        expect(await own.getHistory('same-id')).toHaveLength(3);
      } finally {
        await other.deleteHub();
      }
    });
  });
}
