import { describe, expect, it } from 'vitest';
import { isStalePreparedStatement, PreparedStatementNames } from '../../../src/storage/postgres/postgres-prepared-statements';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('prepared statement names (PostgreSQL)', () => {
  it('names parameterised texts by their content: one name per text, different texts never share one', () => {
    const names = new PreparedStatementNames(true);
    const a = names.config('SELECT $1::int', [1]);
    expect(a).toEqual({ name: expect.stringMatching(/^durable_[0-9a-f]{32}$/), text: 'SELECT $1::int', values: [1] });
    expect(names.config('SELECT $1::int', [2]).name).toBe(a.name);
    expect(new PreparedStatementNames(true).config('SELECT $1::int', [3]).name).toBe(a.name);
    expect(names.config('SELECT $1::text', ['x']).name).not.toBe(a.name);
    expect(names.size).toBe(2);
  });

  it('leaves texts without parameters unnamed (simple protocol), and everything unnamed when disabled', () => {
    const names = new PreparedStatementNames(true);
    expect(names.config('COMMIT', undefined)).toEqual({ text: 'COMMIT' });
    const off = new PreparedStatementNames(false);
    expect(off.config('SELECT $1::int', [1])).toEqual({ text: 'SELECT $1::int', values: [1] });
    expect(off.size).toBe(0);
  });

  it('names at most `capacity` texts; later ones run unnamed, earlier ones keep their names', () => {
    const names = new PreparedStatementNames(true, 2);
    const first = names.config('SELECT $1::int AS a', [1]).name;
    names.config('SELECT $1::int AS b', [1]);
    expect(names.config('SELECT $1::int AS c', [1]).name).toBeUndefined();
    expect(names.config('SELECT $1::int AS a', [1]).name).toBe(first);
    expect(names.size).toBe(2);
  });

  it('recognises a stale statement (changed result type, or gone from the session), also when wrapped', () => {
    expect(isStalePreparedStatement(withCode('cached plan must not change result type', '0A000'))).toBe(true);
    expect(isStalePreparedStatement(withCode('prepared statement "durable_x" does not exist', '26000'))).toBe(true);
    expect(isStalePreparedStatement(new Error('failed', { cause: withCode('cached plan must not change result type', '0A000') }))).toBe(true);
    expect(isStalePreparedStatement(withCode('unsupported feature', '0A000'))).toBe(false);
    expect(isStalePreparedStatement(withCode('syntax error', '42601'))).toBe(false);
  });
});
