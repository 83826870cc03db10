import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../../src/http/http-problem';
import { parseIsoTimestamp } from '../../../src/http/iso-date';
import { readListInstancesRequest, readPurgeInstancesRequest } from '../../../src/http/management-query';

const problem = (fn: () => unknown): HttpProblem => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpProblem);
    return error as HttpProblem;
  }
  throw new Error('expected an HttpProblem');
};

describe('ISO 8601 timestamps in query strings', () => {
  it('reads the forms clients send, without an offset as UTC', () => {
    expect(parseIsoTimestamp('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
    expect(parseIsoTimestamp('2024-05-01T10:30')).toBe(Date.UTC(2024, 4, 1, 10, 30));
    expect(parseIsoTimestamp('2024-05-01T10:30:15.123Z')).toBe(Date.UTC(2024, 4, 1, 10, 30, 15, 123));
    expect(parseIsoTimestamp('2024-05-01T10:30:15.1234567Z')).toBe(Date.UTC(2024, 4, 1, 10, 30, 15, 123)); // .NET's 7 digits
    expect(parseIsoTimestamp('2024-05-01 10:30:00+02:00')).toBe(Date.UTC(2024, 4, 1, 8, 30));
    expect(parseIsoTimestamp('2024-05-01T10:30:00-0130')).toBe(Date.UTC(2024, 4, 1, 12, 0));
    expect(parseIsoTimestamp('2024-05-01T10:30:00 02:00')).toBe(Date.UTC(2024, 4, 1, 8, 30)); // '+' decoded to a space
    expect(parseIsoTimestamp('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoTimestamp('0001-01-01T00:00:00Z')).toBe(-62135596800000);
  });

  it('refuses what is not a timestamp, or names a day or time that does not exist', () => {
    for (const text of ['', 'now', '2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-01-01T24:00', '2024-01-01T23:60', '2024-01-01T10:00:60Z', '2024-01-01T10:00+24:00', '20240101', '2024-1-1', '1714557000000']) {
      expect(parseIsoTimestamp(text), text).toBeUndefined();
    }
  });

  it('agrees with Date for every instant it prints', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        expect(parseIsoTimestamp(date.toISOString())).toBe(date.getTime());
      }),
      { numRuns: 200 },
    );
  });
});

describe('query of the list and purge routes', () => {
  it('reads every documented parameter of GET …/instances', () => {
    const { query, matchesNothing } = readListInstancesRequest(
      { createdTimeFrom: '2024-01-01', CREATEDTIMETO: '2024-02-01T00:00:00Z', runtimeStatus: ['running, Completed', 'suspended'], instanceIdPrefix: 'order-', showInput: 'false', top: '25' },
      ' token ',
    );
    expect(matchesNothing).toBe(false);
    expect(query).toEqual({
      createdTimeFrom: new Date('2024-01-01T00:00:00Z'),
      createdTimeTo: new Date('2024-02-01T00:00:00Z'),
      runtimeStatus: ['Running', 'Completed', 'Suspended'],
      instanceIdPrefix: 'order-',
      pageSize: 25,
      continuationToken: 'token',
      showInput: false,
    });
    expect(readListInstancesRequest({}, undefined)).toEqual({ query: { showInput: true }, matchesNothing: false });
    expect(readListInstancesRequest({ runtimeStatus: 'Canceled' }, '').matchesNothing).toBe(true);
    expect(readListInstancesRequest({ top: '100000' }, undefined).query.pageSize).toBe(1000);
  });

  it('names the parameter that is wrong', () => {
    expect(problem(() => readListInstancesRequest({ top: '0' }, undefined)).message).toContain("'top'");
    expect(problem(() => readListInstancesRequest({ runtimeStatus: 'Running,Asleep' }, undefined)).message).toContain('"Asleep"');
    expect(problem(() => readListInstancesRequest({ createdTimeFrom: 'soon' }, undefined)).message).toContain("'createdTimeFrom'");
    expect(problem(() => readPurgeInstancesRequest({ createdTimeTo: '2024-01-01' })).message).toContain("'createdTimeFrom'");
    expect(problem(() => readPurgeInstancesRequest({ createdTimeFrom: '2024-01-01', runtimeStatus: 'Done' })).statusCode).toBe(400);
  });

  it('reads the purge filter', () => {
    expect(readPurgeInstancesRequest({ createdTimeFrom: '2024-01-01', runtimeStatus: 'Completed,Failed' })).toEqual({
      filter: { createdTimeFrom: new Date('2024-01-01T00:00:00Z'), runtimeStatus: ['Completed', 'Failed'] },
      matchesNothing: false,
    });
    expect(readPurgeInstancesRequest({ createdTimeFrom: '2024-01-01', runtimeStatus: 'Canceled' }).matchesNothing).toBe(true);
  });
});
