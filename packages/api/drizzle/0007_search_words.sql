-- Typo-tolerant search (see src/db/search.ts). Every word of the directory goes into
-- search_words; a query word that is not there is widened to the most similar words that are
-- (pg_trgm), the method of the pg_trgm documentation ("Text Search Integration"). Words of
-- deleted or changed records stay: they can only ever widen a query to a word that matches
-- nothing, never hide a result.

-- The words of a text as search knows them: unaccented, lower case, letters only.
CREATE OR REPLACE FUNCTION eur_words(doc text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT w FROM unnest(tsvector_to_array(to_tsvector('eur_simple'::regconfig, doc))) w
    WHERE length(w) BETWEEN 3 AND 40 AND w ~ '^[[:alpha:]]+$'
  $$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION eur_cluster_text(name jsonb, description jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT concat_ws(' ', name->>'de', name->>'pl', name->>'en', description->>'de', description->>'pl', description->>'en')
  $$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION eur_organisation_text(name text, city text, description jsonb, competences jsonb, needs jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT concat_ws(' ', name, city, description->>'de', description->>'pl', description->>'en',
      competences->>'de', competences->>'pl', competences->>'en', needs->>'de', needs->>'pl', needs->>'en')
  $$;--> statement-breakpoint

-- Statement-level triggers with transition tables: one INSERT per statement, also for bulk
-- loads. Words are inserted in sorted order, so that concurrent writers lock them alike.
CREATE OR REPLACE FUNCTION eur_collect_cluster_words() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
    SELECT DISTINCT w FROM new_rows n, eur_words(eur_cluster_text(n.name, n.description)) w ORDER BY w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION eur_collect_organisation_words() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
    SELECT DISTINCT w FROM new_rows n, eur_words(eur_organisation_text(n.name, n.city, n.description, n.competences, n.needs)) w ORDER BY w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint

CREATE TRIGGER clusters_words_insert AFTER INSERT ON clusters
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION eur_collect_cluster_words();--> statement-breakpoint
CREATE TRIGGER clusters_words_update AFTER UPDATE ON clusters
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION eur_collect_cluster_words();--> statement-breakpoint
CREATE TRIGGER organisations_words_insert AFTER INSERT ON organisations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION eur_collect_organisation_words();--> statement-breakpoint
CREATE TRIGGER organisations_words_update AFTER UPDATE ON organisations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION eur_collect_organisation_words();--> statement-breakpoint

INSERT INTO search_words (word)
  SELECT w FROM clusters c, eur_words(eur_cluster_text(c.name, c.description)) w
  UNION
  SELECT w FROM organisations o, eur_words(eur_organisation_text(o.name, o.city, o.description, o.competences, o.needs)) w
ON CONFLICT DO NOTHING;--> statement-breakpoint

-- A user's search text as one query: websearch syntax with unaccented words (every language)
-- and German and English stems; and, unless the text uses websearch operators (quotes, -word)
-- whose meaning a widened query would undo, every word also as a prefix (German compounds and
-- Polish endings: "möbel" finds "Möbelcluster", "metal" finds "metalowe") and a word the
-- directory does not contain (four letters or more) also as the up to three most similar words
-- it does contain. PL/pgSQL, so that its statements are planned once per connection.
CREATE OR REPLACE FUNCTION eur_search_query(q text) RETURNS tsquery
  LANGUAGE plpgsql STABLE PARALLEL SAFE STRICT
  AS $$
DECLARE
  result tsquery := websearch_to_tsquery('eur_simple'::regconfig, q) || websearch_to_tsquery('german'::regconfig, q)
    || websearch_to_tsquery('english'::regconfig, q);
  parts text[] := '{}';
  w text;
  alternatives text[];
BEGIN
  IF q ~ '(^|\s)-|"' THEN
    RETURN result;
  END IF;
  FOREACH w IN ARRAY tsvector_to_array(to_tsvector('eur_simple'::regconfig, q)) LOOP
    CONTINUE WHEN w !~ '^[[:alnum:]]+$';
    alternatives := '{}';
    IF length(w) >= 4 AND w ~ '^[[:alpha:]]+$' AND NOT EXISTS (SELECT 1 FROM search_words k WHERE k.word = w) THEN
      alternatives := ARRAY(
        SELECT s.word FROM search_words s
        WHERE s.word % w AND similarity(s.word, w) >= 0.4
        ORDER BY similarity(s.word, w) DESC, s.word
        LIMIT 3);
    END IF;
    parts := parts || ('(' || array_to_string(array_prepend(CASE WHEN length(w) >= 3 THEN w || ':*' ELSE w END, alternatives), ' | ') || ')');
  END LOOP;
  IF cardinality(parts) > 0 THEN
    result := result || to_tsquery('simple', array_to_string(parts, ' & '));
  END IF;
  RETURN result;
END $$;
