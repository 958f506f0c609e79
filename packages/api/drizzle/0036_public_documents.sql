CREATE TABLE "public_documents" (
	"kind" text NOT NULL,
	"record_id" uuid NOT NULL,
	"lang" text NOT NULL,
	"slug" text NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"item" text[],
	"item_alt" text[],
	"detail" text[],
	"detail_alt" text[],
	"etag" text,
	"sort_key" text,
	"cluster_kind" text,
	"cross_border" boolean,
	"countries" text[],
	"regions" text[],
	"sectors" text[],
	"ris3_areas" text[],
	"brand" boolean,
	"brand_until" date,
	"built_at" timestamp with time zone,
	CONSTRAINT "public_documents_kind_record_id_lang_pk" PRIMARY KEY("kind","record_id","lang")
);
--> statement-breakpoint
CREATE INDEX "public_documents_slug_idx" ON "public_documents" USING btree ("kind","slug","lang");--> statement-breakpoint
CREATE INDEX "public_documents_list_idx" ON "public_documents" USING btree ("kind","lang","sort_key","slug");--> statement-breakpoint
CREATE INDEX "public_documents_pending_idx" ON "public_documents" USING btree ("kind","record_id") WHERE "public_documents"."item" IS NULL OR "public_documents"."brand_until" IS NOT NULL;--> statement-breakpoint
-- The read model is kept by triggers, like the change log of 0033 and on the same writes, so that
-- no writer (a module, an import, a script) can forget it: in the transaction of the write, a
-- cluster that becomes visible gets its rows (to be built), one that disappears loses them, and
-- every change of what a document shows empties its bytes at once. Consent withdrawn, a member
-- or cluster unpublished: the old bytes are gone before the write is acknowledged. The bytes are
-- built again by the application (the JSON must be the API's own, byte for byte).
CREATE OR REPLACE FUNCTION eur_public_documents_invalidate(doc_kind text, ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE public_documents SET item = NULL, item_alt = NULL, detail = NULL, detail_alt = NULL, version = version + 1
   WHERE kind = doc_kind AND record_id = ANY(ids)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_documents_clusters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR NOT (NEW.published AND NEW.deleted_at IS NULL)) THEN
    DELETE FROM public_documents WHERE kind = 'cluster' AND record_id = OLD.id;
  ELSIF TG_OP = 'INSERT' OR OLD IS DISTINCT FROM NEW THEN
    IF NEW.published AND NEW.deleted_at IS NULL THEN
      INSERT INTO public_documents (kind, record_id, lang, slug)
        SELECT 'cluster', NEW.id, l, NEW.slug FROM unnest(ARRAY['de', 'pl', 'en']) l
      ON CONFLICT (kind, record_id, lang) DO UPDATE
        SET slug = EXCLUDED.slug, item = NULL, item_alt = NULL, detail = NULL, detail_alt = NULL,
            version = public_documents.version + 1;
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER clusters_public_documents AFTER INSERT OR UPDATE OR DELETE ON clusters
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_clusters();
--> statement-breakpoint
-- Members are listed and counted in their clusters' documents.
CREATE OR REPLACE FUNCTION eur_public_documents_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM eur_public_documents_invalidate('cluster',
    ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.cluster_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.cluster_id END]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER memberships_public_documents AFTER INSERT OR UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_memberships();
--> statement-breakpoint
-- A member's name, contacts (and their consent), publication… fan out to all its clusters.
CREATE OR REPLACE FUNCTION eur_public_documents_organisations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.name, OLD.type, OLD.country, OLD.region, OLD.city, OLD.website, OLD.sectors, OLD.languages, OLD.description,
      OLD.competences, OLD.contacts, OLD.published, OLD.deleted_at)
     IS DISTINCT FROM
     (NEW.name, NEW.type, NEW.country, NEW.region, NEW.city, NEW.website, NEW.sectors, NEW.languages, NEW.description,
      NEW.competences, NEW.contacts, NEW.published, NEW.deleted_at) THEN
    PERFORM eur_public_documents_invalidate('cluster', ARRAY(SELECT m.cluster_id FROM memberships m WHERE m.organisation_id = NEW.id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisations_public_documents AFTER UPDATE ON organisations
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_organisations();
--> statement-breakpoint
-- Logos appear as URLs in the documents of clusters and of the clusters of a member.
CREATE OR REPLACE FUNCTION eur_public_documents_files() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  f record;
BEGIN
  FOR f IN SELECT * FROM (VALUES (CASE WHEN TG_OP <> 'INSERT' THEN OLD.owner_type END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.owner_id END),
                                 (CASE WHEN TG_OP <> 'DELETE' THEN NEW.owner_type END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.owner_id END)) v(owner_type, owner_id) LOOP
    IF f.owner_type = 'cluster_logo' THEN
      PERFORM eur_public_documents_invalidate('cluster', ARRAY[f.owner_id]);
    ELSIF f.owner_type = 'organisation_logo' THEN
      PERFORM eur_public_documents_invalidate('cluster', ARRAY(SELECT m.cluster_id FROM memberships m WHERE m.organisation_id = f.owner_id));
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER files_public_documents AFTER INSERT OR UPDATE OR DELETE ON files
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_files();
--> statement-breakpoint
-- The brand is read from the awards (and lapses by the calendar: see `brand_until`).
CREATE OR REPLACE FUNCTION eur_public_documents_brand_awards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM eur_public_documents_invalidate('cluster',
    ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.cluster_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.cluster_id END]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER brand_awards_public_documents AFTER INSERT OR UPDATE OR DELETE ON brand_awards
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_brand_awards();
--> statement-breakpoint
-- The clusters published before the read model: their rows, built on the first read or by the refresher.
INSERT INTO public_documents (kind, record_id, lang, slug)
  SELECT 'cluster', c.id, l, c.slug FROM clusters c, unnest(ARRAY['de', 'pl', 'en']) l
   WHERE c.published AND c.deleted_at IS NULL;
