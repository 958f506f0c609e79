-- Search in three languages (see src/db/search.ts). PostgreSQL ships no Polish dictionary:
-- `eur_simple` indexes every language with the simple parser and strips diacritics, so that
-- "zielona gora" finds "Zielona Góra". pg_trgm serves similarity matching of names.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could change); indexes and generated columns need
-- an IMMUTABLE function, and the dictionary is fixed for the life of the database.
CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;--> statement-breakpoint
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'eur_simple') THEN
    CREATE TEXT SEARCH CONFIGURATION eur_simple (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION eur_simple
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
END $$;
