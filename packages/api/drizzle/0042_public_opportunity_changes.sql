-- Partnering opportunities (published cooperation profiles) join the change log of 0033, keyed
-- by the profile's id (their public address). A profile logs when its own row is written while
-- published (before or after); its owner logs for it when what the opportunity shows of the
-- owner changes: name, type, place, website, contacts (a consent given or withdrawn), the
-- owner's own consent to be published, its deletion. The feed reads each document as it is now,
-- so a change logged for a profile that portals cannot see (any more) goes out as a tombstone.
-- An expiry by date is logged by the application's calendar round (no write happens then).
CREATE OR REPLACE FUNCTION eur_public_change_cooperation_profiles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM eur_log_public_change('opportunity', NULL, false, NEW.id::text, NEW.status = 'published');
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM eur_log_public_change('opportunity', OLD.id::text, OLD.status = 'published', NULL, false);
  ELSIF OLD IS DISTINCT FROM NEW THEN
    PERFORM eur_log_public_change('opportunity', OLD.id::text, OLD.status = 'published', NEW.id::text, NEW.status = 'published');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cooperation_profiles_public_change AFTER INSERT OR UPDATE OR DELETE ON cooperation_profiles
  FOR EACH ROW EXECUTE FUNCTION eur_public_change_cooperation_profiles();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_change_organisation_opportunities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.name, OLD.type, OLD.country, OLD.region, OLD.website, OLD.contacts, OLD.published, OLD.deleted_at)
     IS DISTINCT FROM
     (NEW.name, NEW.type, NEW.country, NEW.region, NEW.website, NEW.contacts, NEW.published, NEW.deleted_at) THEN
    INSERT INTO public_changes (resource, slug, event)
      SELECT 'opportunity', p.id::text, 'changed' FROM cooperation_profiles p
      WHERE p.organisation_id = NEW.id AND p.status = 'published';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisations_opportunity_change AFTER UPDATE ON organisations
  FOR EACH ROW EXECUTE FUNCTION eur_public_change_organisation_opportunities();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_change_cluster_opportunities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.name, OLD.slug, OLD.countries, OLD.regions, OLD.website, OLD.published, OLD.deleted_at)
     IS DISTINCT FROM
     (NEW.name, NEW.slug, NEW.countries, NEW.regions, NEW.website, NEW.published, NEW.deleted_at) THEN
    INSERT INTO public_changes (resource, slug, event)
      SELECT 'opportunity', p.id::text, 'changed' FROM cooperation_profiles p
      WHERE p.cluster_id = NEW.id AND p.status = 'published';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER clusters_opportunity_change AFTER UPDATE ON clusters
  FOR EACH ROW EXECUTE FUNCTION eur_public_change_cluster_opportunities();
