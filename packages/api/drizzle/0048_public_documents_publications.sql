-- Publications join the read model (see 0046): a publication's documents show its own row and
-- the files attached to it.
CREATE OR REPLACE FUNCTION eur_public_documents_publications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM eur_public_documents_keep('publication', NULL, NEW.id, NEW.slug, NEW.status = 'published' AND NEW.deleted_at IS NULL);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM eur_public_documents_keep('publication', OLD.id, NULL, NULL, false);
  ELSIF OLD IS DISTINCT FROM NEW THEN
    PERFORM eur_public_documents_keep('publication', OLD.id, NEW.id, NEW.slug, NEW.status = 'published' AND NEW.deleted_at IS NULL);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER publications_public_documents AFTER INSERT OR UPDATE OR DELETE ON publications
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_publications();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_documents_publication_files() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM eur_public_documents_invalidate('publication',
    ARRAY[CASE WHEN TG_OP <> 'INSERT' AND OLD.owner_type = 'publication' THEN OLD.owner_id END,
          CASE WHEN TG_OP <> 'DELETE' AND NEW.owner_type = 'publication' THEN NEW.owner_id END]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER files_publication_public_documents AFTER INSERT OR UPDATE OR DELETE ON files
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_publication_files();
--> statement-breakpoint
INSERT INTO public_documents (kind, record_id, lang, slug)
  SELECT 'publication', p.id, l, p.slug FROM publications p, unnest(ARRAY['de', 'pl', 'en']) l
   WHERE p.status = 'published' AND p.deleted_at IS NULL;
