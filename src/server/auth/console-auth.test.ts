import { describe, expect, it } from 'vitest';
import { migrate, openSqlite } from '../db/connect';
import { freshPostgres, testStore } from '../testing';
import { ConsoleAuth } from './console-auth';

describe('ConsoleAuth.ensureAdmin', () => {
  it('nodes creating the first admin at once: one creates it and prints its password, the others find it', async () => {
    const { db, drop } =
      testStore() === 'postgres'
        ? await freshPostgres()
        : { db: openSqlite(':memory:'), drop: async () => {} };
    await migrate(db);
    const nodes = [1, 2, 3].map(() => new ConsoleAuth(db, 'tenant', 'http://127.0.0.1:3000'));
    const generated = await Promise.all(
      nodes.map((n) => n.ensureAdmin('admin@localhost', undefined)),
    );
    const printed = generated.filter((p) => p !== undefined);
    expect(printed).toHaveLength(1);
    expect(await nodes[0]!.signIn('admin@localhost', printed[0]!)).toBeTruthy();
    await db.destroy();
    await drop();
  });
});
