-- Partnering opportunities join the read model (see 0046), under the profile's id: an
-- opportunity's documents show the profile and what it shows of its owner (as the change log
-- of 0042). A closed profile loses its documents; a consent withdrawn or an owner unpublished or
-- deleted empties them, in the writer's transaction.
CREATE OR REPLACE FUNCTION eur_public_documents_cooperation_profiles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM eur_public_documents_keep('opportunity', NULL, NEW.id, NEW.id::text, NEW.status = 'published');
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM eur_public_documents_keep('opportunity', OLD.id, NULL, NULL, false);
  ELSIF OLD IS DISTINCT FROM NEW THEN
    PERFORM eur_public_documents_keep('opportunity', OLD.id, NEW.id, NEW.id::text, NEW.status = 'published');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cooperation_profiles_public_documents AFTER INSERT OR UPDATE OR DELETE ON cooperation_profiles
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_cooperation_profiles();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_documents_organisation_opportunities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.name, OLD.type, OLD.country, OLD.region, OLD.website, OLD.contacts, OLD.published, OLD.deleted_at)
     IS DISTINCT FROM
     (NEW.name, NEW.type, NEW.country, NEW.region, NEW.website, NEW.contacts, NEW.published, NEW.deleted_at) THEN
    PERFORM eur_public_documents_invalidate('opportunity', ARRAY(SELECT p.id FROM cooperation_profiles p WHERE p.organisation_id = NEW.id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisations_opportunity_public_documents AFTER UPDATE ON organisations
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_organisation_opportunities();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_documents_cluster_opportunities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.name, OLD.slug, OLD.countries, OLD.regions, OLD.website, OLD.published, OLD.deleted_at)
     IS DISTINCT FROM
     (NEW.name, NEW.slug, NEW.countries, NEW.regions, NEW.website, NEW.published, NEW.deleted_at) THEN
    PERFORM eur_public_documents_invalidate('opportunity', ARRAY(SELECT p.id FROM cooperation_profiles p WHERE p.cluster_id = NEW.id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER clusters_opportunity_public_documents AFTER UPDATE ON clusters
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_cluster_opportunities();
--> statement-breakpoint
INSERT INTO public_documents (kind, record_id, lang, slug)
  SELECT 'opportunity', p.id, l, p.id::text FROM cooperation_profiles p, unnest(ARRAY['de', 'pl', 'en']) l WHERE p.status = 'published';
