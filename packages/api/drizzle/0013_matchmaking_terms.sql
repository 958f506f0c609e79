-- The words the matching compares: a text folded like eur_fold (lower case, no diacritics),
-- split into words of three or more letters or digits, without the commonest words of German,
-- Polish and English. Offers and requests meet where their words meet.
CREATE OR REPLACE FUNCTION eur_match_terms(value text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT coalesce(array_agg(DISTINCT w ORDER BY w), '{}'::text[])
      FROM regexp_split_to_table(lower(immutable_unaccent(value)), '[^a-z0-9]+') AS w
     WHERE length(w) >= 3
       AND w <> ALL (ARRAY[
         'and','the','for','with','from','this','that','our','are','you','your','has','have','will','also','more','into','other','offer','offers','looking','partner','partners','company','companies',
         'und','der','die','das','den','dem','des','ein','eine','einer','eines','einem','mit','fur','von','auf','aus','bei','nach','sich','sowie','oder','wir','unser','unsere','ihre','ist','sind','werden','auch','uber','zur','zum','im','als','wie','bieten','suchen','partnerin','unternehmen','firma',
         'dla','oraz','lub','przez','nie','sie','jest','sa','ktore','ktory','ktora','nasz','nasza','nasze','naszych','oferujemy','szukamy','partnera','partnerow','firmy','firma','przedsiebiorstwo','przedsiebiorstw','lat','pod','nad','przy'
       ])
  $$;--> statement-breakpoint

-- The words of a multilingual jsonb text, all three languages together.
CREATE OR REPLACE FUNCTION eur_match_terms_i18n(value jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT eur_match_terms(coalesce(value->>'de', '') || ' ' || coalesce(value->>'pl', '') || ' ' || coalesce(value->>'en', '')) $$;--> statement-breakpoint

-- Sectors as terms (`nace:25`): a request for a sector meets those who offer it.
CREATE OR REPLACE FUNCTION eur_match_sector_terms(sectors text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg('nace:' || s ORDER BY s), '{}'::text[]) FROM unnest(sectors) AS s $$;--> statement-breakpoint

-- The terms of a profile: keywords, title and description, and its sectors.
CREATE OR REPLACE FUNCTION eur_match_profile_terms(keywords text[], title jsonb, description jsonb, sectors text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT ARRAY(SELECT DISTINCT t FROM unnest(
      eur_match_terms(array_to_string(keywords, ' ')) || eur_match_terms_i18n(title) || eur_match_terms_i18n(description)
        || eur_match_sector_terms(sectors)) AS t ORDER BY t)
  $$;--> statement-breakpoint

ALTER TABLE "cooperation_profiles" ADD COLUMN "offer_terms" text[] GENERATED ALWAYS AS (
  CASE WHEN kind = 'offer' THEN eur_match_profile_terms(keywords, title, description, sectors) ELSE '{}'::text[] END) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "cooperation_profiles" ADD COLUMN "request_terms" text[] GENERATED ALWAYS AS (
  CASE WHEN kind = 'request' THEN eur_match_profile_terms(keywords, title, description, sectors) ELSE '{}'::text[] END) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "cooperation_profiles_offer_terms_idx" ON "cooperation_profiles" USING gin ("offer_terms") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "cooperation_profiles_request_terms_idx" ON "cooperation_profiles" USING gin ("request_terms") WHERE status = 'published';--> statement-breakpoint

-- An organisation (or a cluster) offers its competences, its description and its sectors, and
-- requests its needs.
CREATE OR REPLACE FUNCTION eur_match_offer_terms(competences jsonb, description jsonb, sectors text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT ARRAY(SELECT DISTINCT t FROM unnest(
      eur_match_terms_i18n(competences) || eur_match_terms_i18n(description) || eur_match_sector_terms(sectors)) AS t ORDER BY t)
  $$;--> statement-breakpoint

ALTER TABLE "organisations" ADD COLUMN "match_offer_terms" text[] GENERATED ALWAYS AS (eur_match_offer_terms(competences, description, sectors)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "match_request_terms" text[] GENERATED ALWAYS AS (eur_match_terms_i18n(needs)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "organisations_match_offer_terms_idx" ON "organisations" USING gin ("match_offer_terms") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "organisations_match_request_terms_idx" ON "organisations" USING gin ("match_request_terms") WHERE deleted_at IS NULL;--> statement-breakpoint

INSERT INTO "match_weights" ("id", "weights") VALUES
  (1, '{"complementarity":35,"sector":20,"ris3":10,"crossBorder":15,"language":10,"orgType":10}'::jsonb)
  ON CONFLICT DO NOTHING;
