ALTER TABLE "public_documents" ADD COLUMN "valid_from" date;--> statement-breakpoint
ALTER TABLE "public_documents" ADD COLUMN "due_on" date;--> statement-breakpoint
CREATE INDEX "public_documents_due_idx" ON "public_documents" USING btree ("kind","due_on") WHERE "public_documents"."due_on" IS NOT NULL;--> statement-breakpoint
-- The read model takes in kinds other than clusters (see public-document-kinds.ts). As for
-- clusters (0036), triggers keep the rows in the writer's transaction: a record that becomes
-- public gets its rows (to be built), one that stops being public loses them, and every change
-- of what its documents show empties their bytes at once. One function for every kind: the
-- record's id before and after the write, its slug, and whether it is public after it.
CREATE OR REPLACE FUNCTION eur_public_documents_keep(doc_kind text, old_id uuid, new_id uuid, new_slug text, visible boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF old_id IS NOT NULL AND (new_id IS NULL OR NOT visible OR old_id <> new_id) THEN
    DELETE FROM public_documents WHERE kind = doc_kind AND record_id = old_id;
  END IF;
  IF new_id IS NOT NULL AND visible THEN
    INSERT INTO public_documents (kind, record_id, lang, slug)
      SELECT doc_kind, new_id, l, new_slug FROM unnest(ARRAY['de', 'pl', 'en']) l
    ON CONFLICT (kind, record_id, lang) DO UPDATE
      SET slug = EXCLUDED.slug, item = NULL, item_alt = NULL, detail = NULL, detail_alt = NULL,
          version = public_documents.version + 1;
  END IF;
END $$;
--> statement-breakpoint
-- A funding call shows only its own row (and the day, through `valid_from`/`due_on`).
CREATE OR REPLACE FUNCTION eur_public_documents_funding_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM eur_public_documents_keep('fundingCall', NULL, NEW.id, NEW.slug, NEW.published);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM eur_public_documents_keep('fundingCall', OLD.id, NULL, NULL, false);
  ELSIF OLD IS DISTINCT FROM NEW THEN
    PERFORM eur_public_documents_keep('fundingCall', OLD.id, NEW.id, NEW.slug, NEW.published);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER funding_calls_public_documents AFTER INSERT OR UPDATE OR DELETE ON funding_calls
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_funding_calls();
--> statement-breakpoint
-- The calls published before: their rows, built on the first read or by `pnpm db:rebuild-public`.
INSERT INTO public_documents (kind, record_id, lang, slug)
  SELECT 'fundingCall', f.id, l, f.slug FROM funding_calls f, unnest(ARRAY['de', 'pl', 'en']) l WHERE f.published;
