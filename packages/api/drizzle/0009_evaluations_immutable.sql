-- Evaluations must hold up to scrutiny: what was approved, and the framework it was scored
-- against, never change afterwards, not even through a bug in the application. The API refuses
-- such changes with a clear error first; these triggers are the last line.
CREATE OR REPLACE FUNCTION evaluation_frameworks_frozen() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' AND (
    TG_OP = 'DELETE'
    OR NEW.code IS DISTINCT FROM OLD.code
    OR NEW.number IS DISTINCT FROM OLD.number
    OR NEW.name IS DISTINCT FROM OLD.name
    OR NEW.description IS DISTINCT FROM OLD.description
    OR NEW.dimensions IS DISTINCT FROM OLD.dimensions
    OR NEW.maturity_levels IS DISTINCT FROM OLD.maturity_levels
    OR NEW.target_profiles IS DISTINCT FROM OLD.target_profiles
    OR NEW.status = 'draft'
  ) THEN
    RAISE EXCEPTION 'evaluation framework % version % is published and cannot change', OLD.code, OLD.number
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER evaluation_frameworks_frozen
  BEFORE UPDATE OR DELETE ON evaluation_frameworks
  FOR EACH ROW EXECUTE FUNCTION evaluation_frameworks_frozen();--> statement-breakpoint
CREATE OR REPLACE FUNCTION evaluations_approved_read_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'approved' THEN
    RAISE EXCEPTION 'evaluation % is approved and read-only', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER evaluations_approved_read_only
  BEFORE UPDATE OR DELETE ON evaluations
  FOR EACH ROW EXECUTE FUNCTION evaluations_approved_read_only();
