-- The change log of the public API is written by triggers: in the transaction of every write
-- that changes what portals see, whichever module, import or script made it. Each row says
-- whether a document appeared (published), changed while visible, or disappeared (unpublished,
-- also for deletion and for the old slug of a renamed document). Writes to drafts log nothing.
CREATE OR REPLACE FUNCTION eur_log_public_change(resource text, old_slug text, old_visible boolean, new_slug text, new_visible boolean)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  old_visible := coalesce(old_visible, false) AND old_slug IS NOT NULL;
  new_visible := coalesce(new_visible, false) AND new_slug IS NOT NULL;
  IF old_visible AND new_visible AND old_slug = new_slug THEN
    INSERT INTO public_changes (resource, slug, event) VALUES (resource, new_slug, 'changed');
    RETURN;
  END IF;
  IF old_visible THEN
    INSERT INTO public_changes (resource, slug, event) VALUES (resource, old_slug, 'unpublished');
  END IF;
  IF new_visible THEN
    INSERT INTO public_changes (resource, slug, event) VALUES (resource, new_slug, 'published');
  END IF;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_change_clusters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM eur_log_public_change('cluster', NULL, false, NEW.slug, NEW.published AND NEW.deleted_at IS NULL);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM eur_log_public_change('cluster', OLD.slug, OLD.published AND OLD.deleted_at IS NULL, NULL, false);
  ELSIF OLD IS DISTINCT FROM NEW THEN
    PERFORM eur_log_public_change('cluster', OLD.slug, OLD.published AND OLD.deleted_at IS NULL, NEW.slug, NEW.published AND NEW.deleted_at IS NULL);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER clusters_public_change AFTER INSERT OR UPDATE OR DELETE ON clusters
  FOR EACH ROW EXECUTE FUNCTION eur_public_change_clusters();
--> statement-breakpoint
-- A cluster's public document lists its members and counts them.
CREATE OR REPLACE FUNCTION eur_public_change_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public_changes (resource, slug, event)
    SELECT 'cluster', c.slug, 'changed' FROM clusters c
    WHERE c.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.cluster_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.cluster_id END)
      AND c.published AND c.deleted_at IS NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER memberships_public_change AFTER INSERT OR UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION eur_public_change_memberships();
--> statement-breakpoint
-- A member's name, description, contacts… appear in the documents of its published clusters.
CREATE OR REPLACE FUNCTION eur_public_change_organisations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.name, OLD.type, OLD.country, OLD.region, OLD.city, OLD.website, OLD.sectors, OLD.languages, OLD.description,
      OLD.competences, OLD.contacts, OLD.published, OLD.deleted_at)
     IS DISTINCT FROM
     (NEW.name, NEW.type, NEW.country, NEW.region, NEW.city, NEW.website, NEW.sectors, NEW.languages, NEW.description,
      NEW.competences, NEW.contacts, NEW.published, NEW.deleted_at) THEN
    INSERT INTO public_changes (resource, slug, event)
      SELECT 'cluster', c.slug, 'changed' FROM memberships m JOIN clusters c ON c.id = m.cluster_id
      WHERE m.organisation_id = NEW.id AND c.published AND c.deleted_at IS NULL;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisations_public_change AFTER UPDATE ON organisations
  FOR EACH ROW EXECUTE FUNCTION eur_public_change_organisations();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_change_funding_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM eur_log_public_change('fundingCall', NULL, false, NEW.slug, NEW.published);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM eur_log_public_change('fundingCall', OLD.slug, OLD.published, NULL, false);
  ELSIF OLD IS DISTINCT FROM NEW THEN
    PERFORM eur_log_public_change('fundingCall', OLD.slug, OLD.published, NEW.slug, NEW.published);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER funding_calls_public_change AFTER INSERT OR UPDATE OR DELETE ON funding_calls
  FOR EACH ROW EXECUTE FUNCTION eur_public_change_funding_calls();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_change_publications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM eur_log_public_change('publication', NULL, false, NEW.slug, NEW.status = 'published' AND NEW.deleted_at IS NULL);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM eur_log_public_change('publication', OLD.slug, OLD.status = 'published' AND OLD.deleted_at IS NULL, NULL, false);
  ELSIF OLD IS DISTINCT FROM NEW THEN
    PERFORM eur_log_public_change('publication', OLD.slug, OLD.status = 'published' AND OLD.deleted_at IS NULL,
      NEW.slug, NEW.status = 'published' AND NEW.deleted_at IS NULL);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER publications_public_change AFTER INSERT OR UPDATE OR DELETE ON publications
  FOR EACH ROW EXECUTE FUNCTION eur_public_change_publications();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_change_dialogue_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM eur_log_public_change('event', NULL, false, NEW.slug, NEW.status IN ('published', 'registration_closed'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM eur_log_public_change('event', OLD.slug, OLD.status IN ('published', 'registration_closed'), NULL, false);
  ELSIF OLD IS DISTINCT FROM NEW THEN
    PERFORM eur_log_public_change('event', OLD.slug, OLD.status IN ('published', 'registration_closed'),
      NEW.slug, NEW.status IN ('published', 'registration_closed'));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER dialogue_events_public_change AFTER INSERT OR UPDATE OR DELETE ON dialogue_events
  FOR EACH ROW EXECUTE FUNCTION eur_public_change_dialogue_events();
--> statement-breakpoint
-- When a public document last changed, as portals see it: its own update time, or a later
-- change of what it shows (a member renamed). Lists filter and sort by it for `updatedSince`.
CREATE OR REPLACE FUNCTION eur_public_updated_at(resource text, slug text, updated timestamptz)
  RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT greatest(updated, (SELECT max(p.changed_at) FROM public_changes p WHERE p.resource = $1 AND p.slug = $2))
$$;
