import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isDriverError } from './last-resort';

describe('isDriverError', () => {
  it('recognizes what node-postgres emits for a lost or refused connection', () => {
    expect(isDriverError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDriverError(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(
      isDriverError(
        new pg.DatabaseError('terminating connection due to administrator command', 0, 'error'),
      ),
    ).toBe(true);
  });

  it('recognizes errors thrown inside the driver', () => {
    const err = new TypeError(
      "Cannot read properties of undefined (reading 'handleRowDescription')",
    );
    err.stack = `${err.name}: ${err.message}\n    at Client._handleRowDescription (/app/node_modules/pg/lib/client.js:371:22)`;
    expect(isDriverError(err)).toBe(true);
  });

  it('leaves every other error to end the process', () => {
    expect(isDriverError(new TypeError('x is not a function'))).toBe(false);
    expect(isDriverError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDriverError('boom')).toBe(false);
  });
});
