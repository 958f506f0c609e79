CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "size_class" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "employees" integer;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "founded_year" integer;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "sectors" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "description" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "competences" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "needs" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "languages" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "nip" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "krs" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "register_court" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "register_number" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "register_key" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "contacts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "published" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "name_key" text GENERATED ALWAYS AS (eur_org_name_key(name)) STORED;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "city_key" text GENERATED ALWAYS AS (eur_fold(city)) STORED;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('eur_simple'::regconfig, coalesce(name, '')), 'A') || setweight(to_tsvector('german'::regconfig, coalesce(name, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || setweight(to_tsvector('eur_simple'::regconfig, coalesce(competences->>'de', '') || ' ' || coalesce(competences->>'pl', '') || ' ' || coalesce(competences->>'en', '')), 'B') || setweight(to_tsvector('german'::regconfig, coalesce(competences->>'de', '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(competences->>'en', '')), 'B') || setweight(to_tsvector('eur_simple'::regconfig, coalesce(description->>'de', '') || ' ' || coalesce(description->>'pl', '') || ' ' || coalesce(description->>'en', '')), 'C') || setweight(to_tsvector('german'::regconfig, coalesce(description->>'de', '')), 'C') || setweight(to_tsvector('english'::regconfig, coalesce(description->>'en', '')), 'C') || setweight(to_tsvector('eur_simple'::regconfig, coalesce(needs->>'de', '') || ' ' || coalesce(needs->>'pl', '') || ' ' || coalesce(needs->>'en', '')), 'C') || setweight(to_tsvector('german'::regconfig, coalesce(needs->>'de', '')), 'C') || setweight(to_tsvector('english'::regconfig, coalesce(needs->>'en', '')), 'C') || setweight(to_tsvector('eur_simple'::regconfig, coalesce(city, '')), 'D')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "clusters_ris3_idx" ON "clusters" USING gin ("ris3_areas");--> statement-breakpoint
CREATE INDEX "clusters_public_sort_de_idx" ON "clusters" USING btree (lower(immutable_unaccent(coalesce(name->>'de', name->>'pl', name->>'en'))),"slug") WHERE published AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "clusters_public_sort_pl_idx" ON "clusters" USING btree (lower(immutable_unaccent(coalesce(name->>'pl', name->>'de', name->>'en'))),"slug") WHERE published AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "clusters_public_sort_en_idx" ON "clusters" USING btree (lower(immutable_unaccent(coalesce(name->>'en', name->>'de', name->>'pl'))),"slug") WHERE published AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "organisations_search_idx" ON "organisations" USING gin ("search");--> statement-breakpoint
CREATE INDEX "organisations_live_idx" ON "organisations" USING btree ("id") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "organisations_name_key_idx" ON "organisations" USING gin ("name_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "organisations_city_key_idx" ON "organisations" USING btree ("city_key");--> statement-breakpoint
CREATE INDEX "organisations_sort_idx" ON "organisations" USING btree (lower(immutable_unaccent(name)),"id");--> statement-breakpoint
CREATE INDEX "organisations_country_idx" ON "organisations" USING btree ("country");--> statement-breakpoint
CREATE INDEX "organisations_region_idx" ON "organisations" USING btree ("region");--> statement-breakpoint
CREATE INDEX "organisations_sectors_idx" ON "organisations" USING gin ("sectors");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_nip_unique" ON "organisations" USING btree ("nip") WHERE deleted_at IS NULL AND nip IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_krs_unique" ON "organisations" USING btree ("krs") WHERE deleted_at IS NULL AND krs IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_register_unique" ON "organisations" USING btree ("register_key") WHERE deleted_at IS NULL AND register_key IS NOT NULL;