import { sql, type Kysely } from 'kysely';

/**
 * Tamper evidence for the audit log: a hash chain. Rows are inserted exactly as before (no
 * lock, no extra round trip on the hot path); a sealer later gives each new row its place in
 * the chain (`chain_seq`), the hash of the row before it (`prev_hash`) and its own hash over
 * every column (`hash`), in batches under a lock on the single `audit_chain_head` row, which
 * records the chain's last position and hash (so a deleted tail is noticed too).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_events')
    .addColumn('chain_seq', 'bigint', (col) => col.unique())
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text')
    .execute();
  await sql`
    alter table audit_events add constraint audit_events_sealed_whole check (
      (chain_seq is null and prev_hash is null and hash is null)
      or (chain_seq is not null and prev_hash is not null and hash is not null)
    )
  `.execute(db);
  // The sealer's work list: small, because rows leave it as soon as they are sealed.
  await sql`create index audit_events_unsealed_idx on audit_events (seq) where chain_seq is null`.execute(
    db,
  );

  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'boolean', (col) =>
      col
        .primaryKey()
        .defaultTo(true)
        .check(sql`id`),
    )
    .addColumn('chain_seq', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('hash', 'text', (col) => col.notNull())
    .addColumn('sealed_at', 'timestamptz')
    .execute();
  await db
    .insertInto('audit_chain_head')
    .values({ id: true, chain_seq: 0, hash: '0'.repeat(64) })
    .execute();

  // Still append-only, with one exception: sealing, once per row, of the chain columns only.
  await sql`
    create or replace function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if old.chain_seq is null
          and (to_jsonb(new) - 'chain_seq' - 'prev_hash' - 'hash')
            = (to_jsonb(old) - 'chain_seq' - 'prev_hash' - 'hash') then
          return new;
        end if;
      end if;
      raise exception 'audit_events is append-only' using errcode = 'insufficient_privilege';
    end
    $$
  `.execute(db);
  // Row triggers do not see TRUNCATE; refuse it too.
  await sql`
    create trigger audit_events_no_truncate
    before truncate on audit_events
    for each statement execute function audit_events_append_only()
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_events_no_truncate on audit_events`.execute(db);
  await sql`
    create or replace function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only' using errcode = 'insufficient_privilege';
    end
    $$
  `.execute(db);
  await db.schema.dropTable('audit_chain_head').execute();
  await sql`drop index if exists audit_events_unsealed_idx`.execute(db);
  await sql`alter table audit_events drop constraint audit_events_sealed_whole`.execute(db);
  await db.schema
    .alterTable('audit_events')
    .dropColumn('chain_seq')
    .dropColumn('prev_hash')
    .dropColumn('hash')
    .execute();
}
