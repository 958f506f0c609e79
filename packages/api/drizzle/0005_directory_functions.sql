-- Pure helpers of the directory (organisations, facets, duplicate detection). IMMUTABLE, so that
-- generated columns and indexes may use them; they depend on nothing but their arguments and
-- the fixed unaccent dictionary (see immutable_unaccent in 0000).

-- A text folded for comparison: lower case, no diacritics, letters and digits only.
-- "Frankfurt (Oder)" and "Frankfurt/Oder" fold alike. Mirrors foldText() in packages/shared.
CREATE OR REPLACE FUNCTION eur_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace(lower(immutable_unaccent(value)), '[^a-z0-9]+', '', 'g') $$;--> statement-breakpoint

-- An organisation's name without its legal form, for "very similar name" checks:
-- "Metallbau Schulz GmbH & Co. KG" and "Metallbau Schulz" compare as the same name,
-- as do "Stal-Kostrzyn S.A." and "Stal Kostrzyn".
CREATE OR REPLACE FUNCTION eur_org_name_key(name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT btrim(regexp_replace(
      regexp_replace(
        ' ' || regexp_replace(lower(immutable_unaccent(name)), '[^a-z0-9]+', ' ', 'g') || ' ',
        ' (gmbh|mbh|ag|kg|kgaa|ohg|ug|ev|e v|gbr|co|se|eg|sp z o o|sp z oo|sp zoo|spolka z ograniczona odpowiedzialnoscia|sa|s a|sp j|sp k|sp p|spolka|s c|spolka akcyjna)(?= )',
        ' ', 'g'),
      ' +', ' ', 'g'))
  $$;--> statement-breakpoint

-- The NACE Rev. 2 section of a code: a section letter stays, a division maps to its section.
CREATE OR REPLACE FUNCTION eur_nace_section(code text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT CASE
      WHEN code ~ '^[A-U]$' THEN code
      WHEN code !~ '^[0-9]{2}$' THEN NULL
      ELSE CASE
        WHEN code::int <= 3 THEN 'A' WHEN code::int <= 9 THEN 'B' WHEN code::int <= 33 THEN 'C'
        WHEN code::int <= 35 THEN 'D' WHEN code::int <= 39 THEN 'E' WHEN code::int <= 43 THEN 'F'
        WHEN code::int <= 47 THEN 'G' WHEN code::int <= 53 THEN 'H' WHEN code::int <= 56 THEN 'I'
        WHEN code::int <= 63 THEN 'J' WHEN code::int <= 66 THEN 'K' WHEN code::int <= 68 THEN 'L'
        WHEN code::int <= 75 THEN 'M' WHEN code::int <= 82 THEN 'N' WHEN code::int <= 84 THEN 'O'
        WHEN code::int <= 85 THEN 'P' WHEN code::int <= 88 THEN 'Q' WHEN code::int <= 93 THEN 'R'
        WHEN code::int <= 96 THEN 'S' WHEN code::int <= 98 THEN 'T' ELSE 'U'
      END
    END
  $$;--> statement-breakpoint

-- The distinct NACE sections of a list of codes (a record counts once per section in facets).
CREATE OR REPLACE FUNCTION eur_nace_sections(codes text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT coalesce(array_agg(DISTINCT s ORDER BY s), '{}') FROM unnest(codes) c, eur_nace_section(c) s WHERE s IS NOT NULL $$;--> statement-breakpoint

-- NUTS codes with their parents: a NUTS-3 region (five characters) also counts for its NUTS-2 region.
CREATE OR REPLACE FUNCTION eur_nuts_with_parents(codes text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}')
    FROM unnest(codes) c, unnest(CASE WHEN length(c) = 5 THEN ARRAY[c, left(c, 4)] ELSE ARRAY[c] END) x
  $$;
