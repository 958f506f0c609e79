-- Published brand criteria are what awards were decided on: they never change afterwards, not
-- even through a bug in the application (the API refuses first; this trigger is the last line).
CREATE OR REPLACE FUNCTION brand_criteria_frozen() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' AND (
    TG_OP = 'DELETE'
    OR NEW.number IS DISTINCT FROM OLD.number
    OR NEW.name IS DISTINCT FROM OLD.name
    OR NEW.text IS DISTINCT FROM OLD.text
    OR NEW.conditions IS DISTINCT FROM OLD.conditions
    OR NEW.levels IS DISTINCT FROM OLD.levels
    OR NEW.validity_months IS DISTINCT FROM OLD.validity_months
    OR NEW.status = 'draft'
  ) THEN
    RAISE EXCEPTION 'brand criteria version % is published and cannot change', OLD.number
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER brand_criteria_frozen
  BEFORE UPDATE OR DELETE ON brand_criteria
  FOR EACH ROW EXECUTE FUNCTION brand_criteria_frozen();--> statement-breakpoint
-- The former yes/no flag becomes an award, valid for the default 24 months from today, with a
-- note that it predates the criteria (no criteria version, no level, no application).
INSERT INTO brand_awards (certificate_number, cluster_id, valid_from, valid_until, note)
SELECT
  'EURN-B-' || to_char(current_date, 'YYYY') || '-' || lpad((row_number() OVER (ORDER BY c.created_at, c.id))::text, 4, '0'),
  c.id,
  current_date,
  (current_date + interval '24 months')::date,
  'Carried the brand before the criteria existed (taken over from the former yes/no field)'
FROM clusters c
WHERE c.brand AND c.deleted_at IS NULL;
