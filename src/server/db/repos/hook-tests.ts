import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { HookTestCase, hookTestCaseCreateSchema } from '@/shared/schemas/hook-test';
import { newUlid } from '../../ids';
import type { Database } from '../schema';

/** Test cases saved with a hook, in the order they were written. */
export class HookTestRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(hookId: string): Promise<HookTestCase[]> {
    const rows = await this.db
      .selectFrom('hook_test_cases')
      .selectAll()
      .where('hook_id', '=', hookId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      input: JSON.parse(r.input),
      expect: JSON.parse(r.expect),
    }));
  }

  async add(
    hookId: string,
    input: z.output<typeof hookTestCaseCreateSchema>,
  ): Promise<HookTestCase> {
    const id = newUlid();
    await this.db
      .insertInto('hook_test_cases')
      .values({
        id,
        hook_id: hookId,
        name: input.name,
        input: JSON.stringify(input.input),
        expect: JSON.stringify(input.expect),
        created_at: new Date().toISOString(),
      })
      .execute();
    return { id, ...input };
  }

  /** Replaces a case's name, input and expectations; undefined when the hook has no such case. */
  async update(
    hookId: string,
    id: string,
    input: z.output<typeof hookTestCaseCreateSchema>,
  ): Promise<HookTestCase | undefined> {
    const result = await this.db
      .updateTable('hook_test_cases')
      .set({
        name: input.name,
        input: JSON.stringify(input.input),
        expect: JSON.stringify(input.expect),
      })
      .where('hook_id', '=', hookId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0 ? { id, ...input } : undefined;
  }

  async delete(hookId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('hook_test_cases')
      .where('hook_id', '=', hookId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
