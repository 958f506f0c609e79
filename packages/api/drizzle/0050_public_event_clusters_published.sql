-- An event's public answer names only published clusters, so its documents must be emptied when
-- a linked cluster is published or unpublished too, not only renamed or deleted (0047).
CREATE OR REPLACE FUNCTION eur_public_documents_cluster_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.name, OLD.published, OLD.deleted_at) IS DISTINCT FROM (NEW.name, NEW.published, NEW.deleted_at) THEN
    PERFORM eur_public_documents_invalidate('event', ARRAY(SELECT ec.event_id FROM dialogue_event_clusters ec WHERE ec.cluster_id = NEW.id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Documents built before this migration may name unpublished clusters: build them again.
SELECT eur_public_documents_invalidate('event', ARRAY(SELECT DISTINCT event_id FROM dialogue_event_clusters));
