-- The version of the read model: a number that every committed change of public_documents
-- raises, in the same transaction, so that a process may keep assembled answers and check with
-- one cheap read, on every request, that nothing changed since (an unpublished cluster or a
-- withdrawn consent never answers from a kept answer once its write is acknowledged).
--
-- Not one counter row: every writing transaction would wait for the previous one's commit on it
-- (imports write many at once). 64 slots instead, each transaction raising the one its id falls
-- on, once, at commit (a deferred trigger): two writers meet on a slot only by chance, and then
-- only for the moment of the first one's commit, holding no other lock they could wait for each
-- other on. The version is the sum of the slots, which grows with every commit that raised one.
CREATE TABLE public_documents_versions (
  slot smallint PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
);
--> statement-breakpoint
INSERT INTO public_documents_versions (slot) SELECT generate_series(0, 63);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_documents_raise_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  xid text := pg_current_xact_id()::text;
BEGIN
  -- Once per transaction, however many rows it changed (the setting lasts until its end).
  IF current_setting('eur.public_documents_raised', true) IS DISTINCT FROM xid THEN
    PERFORM set_config('eur.public_documents_raised', xid, true);
    UPDATE public_documents_versions SET version = version + 1 WHERE slot = xid::bigint % 64;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_documents_raise_version AFTER INSERT OR UPDATE OR DELETE ON public_documents
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION eur_public_documents_raise_version();
--> statement-breakpoint
-- TRUNCATE fires no row trigger; it locks the whole table anyway, so it raises its slot at once.
CREATE TRIGGER public_documents_truncate_raises_version AFTER TRUNCATE ON public_documents
  FOR EACH STATEMENT EXECUTE FUNCTION eur_public_documents_raise_version();
