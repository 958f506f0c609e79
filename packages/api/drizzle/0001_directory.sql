CREATE TABLE "clusters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"cross_border" boolean DEFAULT false NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"regions" text[] NOT NULL,
	"countries" text[] NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"ris3_areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"website" text,
	"founded_year" integer,
	"partner" text NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"brand" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('eur_simple'::regconfig, coalesce(name->>'de', '') || ' ' || coalesce(name->>'pl', '') || ' ' || coalesce(name->>'en', '')), 'A') || setweight(to_tsvector('german'::regconfig, coalesce(name->>'de', '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(name->>'en', '')), 'A') || setweight(to_tsvector('eur_simple'::regconfig, coalesce(description->>'de', '') || ' ' || coalesce(description->>'pl', '') || ' ' || coalesce(description->>'en', '')), 'B') || setweight(to_tsvector('german'::regconfig, coalesce(description->>'de', '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(description->>'en', '')), 'B')) STORED NOT NULL,
	CONSTRAINT "clusters_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"cluster_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"since" date,
	CONSTRAINT "memberships_cluster_id_organisation_id_pk" PRIMARY KEY("cluster_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"country" text NOT NULL,
	"region" text,
	"city" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clusters_search_idx" ON "clusters" USING gin ("search");--> statement-breakpoint
CREATE INDEX "clusters_regions_idx" ON "clusters" USING gin ("regions");--> statement-breakpoint
CREATE INDEX "clusters_countries_idx" ON "clusters" USING gin ("countries");--> statement-breakpoint
CREATE INDEX "clusters_sectors_idx" ON "clusters" USING gin ("sectors");--> statement-breakpoint
CREATE INDEX "clusters_sort_de_idx" ON "clusters" USING btree (lower(immutable_unaccent(coalesce(name->>'de', name->>'pl', name->>'en'))),"id");--> statement-breakpoint
CREATE INDEX "clusters_sort_pl_idx" ON "clusters" USING btree (lower(immutable_unaccent(coalesce(name->>'pl', name->>'de', name->>'en'))),"id");--> statement-breakpoint
CREATE INDEX "clusters_sort_en_idx" ON "clusters" USING btree (lower(immutable_unaccent(coalesce(name->>'en', name->>'de', name->>'pl'))),"id");--> statement-breakpoint
CREATE INDEX "memberships_organisation_idx" ON "memberships" USING btree ("organisation_id");