CREATE TABLE "public_calendar" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"through_day" date NOT NULL,
	CONSTRAINT "public_calendar_one_row" CHECK ("public_calendar"."id" = 1)
);
--> statement-breakpoint
-- A brand awarded, suspended, revoked or prolonged changes the public document of its cluster
-- (`brand`, the badge) though the cluster's row is not written: log it, as a member's change.
-- Its running out on a day is logged by the application's calendar round.
CREATE OR REPLACE FUNCTION eur_public_change_brand_awards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public_changes (resource, slug, event)
    SELECT 'cluster', c.slug, 'changed' FROM clusters c
    WHERE c.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.cluster_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.cluster_id END)
      AND c.published AND c.deleted_at IS NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER brand_awards_public_change AFTER INSERT OR UPDATE OR DELETE ON brand_awards
  FOR EACH ROW EXECUTE FUNCTION eur_public_change_brand_awards();
