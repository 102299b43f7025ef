import { sql, type Db } from '@e2a/db';

let sequence = 0;

/**
 * Plants a poisoned record: from now on Postgres refuses any insert or update of `table` whose `column` is `value`
 * with a data exception (SQLSTATE 22023), as it refuses a corrupt row, so every attempt to write that one record
 * fails the same way while the others go through.
 */
export async function plantWritePoison(
  db: Db,
  table: string,
  column: string,
  value: string,
  on: 'INSERT OR UPDATE' | 'UPDATE' = 'INSERT OR UPDATE',
): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION e2a_test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF to_jsonb(NEW) ->> TG_ARGV[0] = TG_ARGV[1] THEN
        RAISE EXCEPTION 'planted poison: % % = %', TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1]
          USING ERRCODE = '22023';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  sequence += 1;
  await sql`
    CREATE TRIGGER ${sql.raw(`e2a_test_poison_${sequence}`)} BEFORE ${sql.raw(on)} ON ${sql.table(table)}
    FOR EACH ROW EXECUTE FUNCTION e2a_test_poison(${sql.lit(column)}, ${sql.lit(value)})`.execute(db);
}
