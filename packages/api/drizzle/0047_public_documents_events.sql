-- Events join the read model (see 0046): an event's documents show its own row, its confirmed
-- registrations (the places left) and the names of its clusters.
CREATE OR REPLACE FUNCTION eur_public_documents_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM eur_public_documents_keep('event', NULL, NEW.id, NEW.slug, NEW.status IN ('published', 'registration_closed'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM eur_public_documents_keep('event', OLD.id, NULL, NULL, false);
  ELSIF OLD IS DISTINCT FROM NEW THEN
    PERFORM eur_public_documents_keep('event', OLD.id, NEW.id, NEW.slug, NEW.status IN ('published', 'registration_closed'));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER dialogue_events_public_documents AFTER INSERT OR UPDATE OR DELETE ON dialogue_events
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_events();
--> statement-breakpoint
-- A registration confirmed, cancelled or moved changes the places left; one whose standing stays
-- (a check-in, a note) does not, and leaves the documents as they are.
CREATE OR REPLACE FUNCTION eur_public_documents_event_registrations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.event_id = NEW.event_id AND (OLD.status = 'confirmed') = (NEW.status = 'confirmed') THEN
    RETURN NULL;
  END IF;
  PERFORM eur_public_documents_invalidate('event',
    ARRAY[CASE WHEN TG_OP <> 'INSERT' AND OLD.status = 'confirmed' THEN OLD.event_id END,
          CASE WHEN TG_OP <> 'DELETE' AND NEW.status = 'confirmed' THEN NEW.event_id END]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER dialogue_event_registrations_public_documents AFTER INSERT OR UPDATE OR DELETE ON dialogue_event_registrations
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_event_registrations();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eur_public_documents_event_clusters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM eur_public_documents_invalidate('event',
    ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.event_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.event_id END]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER dialogue_event_clusters_public_documents AFTER INSERT OR UPDATE OR DELETE ON dialogue_event_clusters
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_event_clusters();
--> statement-breakpoint
-- A cluster's name appears in the documents of its events while it is not deleted.
CREATE OR REPLACE FUNCTION eur_public_documents_cluster_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.name, OLD.deleted_at) IS DISTINCT FROM (NEW.name, NEW.deleted_at) THEN
    PERFORM eur_public_documents_invalidate('event', ARRAY(SELECT ec.event_id FROM dialogue_event_clusters ec WHERE ec.cluster_id = NEW.id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER clusters_event_public_documents AFTER UPDATE ON clusters
  FOR EACH ROW EXECUTE FUNCTION eur_public_documents_cluster_events();
--> statement-breakpoint
INSERT INTO public_documents (kind, record_id, lang, slug)
  SELECT 'event', e.id, l, e.slug FROM dialogue_events e, unnest(ARRAY['de', 'pl', 'en']) l
   WHERE e.status IN ('published', 'registration_closed');
