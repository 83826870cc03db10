import { describe, expect, it } from 'vitest';
import { ChangeSet } from '../../../src/storage/change-notifier';

describe('ChangeSet', () => {
  it('lists work first, then each instance once, with the status a commit left it in when that is known', () => {
    const changes = new ChangeSet();
    changes.addInstance('a', 'Running');
    changes.addWork('activity');
    changes.addInstance('b');
    changes.addInstance('a', 'Running');
    expect(changes.toList()).toEqual([
      { kind: 'work', work: 'activity' },
      { kind: 'instance', instanceId: 'a', runtimeStatus: 'Running' },
      { kind: 'instance', instanceId: 'b' },
    ]);
  });

  it('forgets the status of an instance changed twice with different (or unknown) statuses', () => {
    const changes = new ChangeSet();
    changes.addInstance('a', 'Completed');
    changes.addInstance('a', 'Pending');
    changes.addInstance('b', 'Running');
    changes.addInstance('b');
    changes.addInstance('b', 'Running');
    expect(changes.toList()).toEqual([
      { kind: 'instance', instanceId: 'a' },
      { kind: 'instance', instanceId: 'b' },
    ]);
  });
});
