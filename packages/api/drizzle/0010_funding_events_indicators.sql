CREATE TABLE "cluster_follows" (
	"user_id" uuid NOT NULL,
	"cluster_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cluster_follows_user_id_cluster_id_pk" PRIMARY KEY("user_id","cluster_id")
);
--> statement-breakpoint
CREATE TABLE "funding_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"programme" text NOT NULL,
	"programme_name" text NOT NULL,
	"programme_country" text,
	"title" jsonb NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"applicant_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"ris3_areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"funding_rate_percent" double precision,
	"budget_min_eur" bigint,
	"budget_max_eur" bigint,
	"opens_on" date,
	"closes_on" date,
	"url" text,
	"cross_border_consortium" boolean DEFAULT false NOT NULL,
	"partner" text NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"notes" text,
	"source" text,
	"external_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('eur_simple'::regconfig, coalesce(title->>'de', '') || ' ' || coalesce(title->>'pl', '') || ' ' || coalesce(title->>'en', '')), 'A') || setweight(to_tsvector('german'::regconfig, coalesce(title->>'de', '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(title->>'en', '')), 'A') || setweight(to_tsvector('eur_simple'::regconfig, coalesce(summary->>'de', '') || ' ' || coalesce(summary->>'pl', '') || ' ' || coalesce(summary->>'en', '')), 'B') || setweight(to_tsvector('german'::regconfig, coalesce(summary->>'de', '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(summary->>'en', '')), 'B') || setweight(to_tsvector('eur_simple'::regconfig, coalesce(programme_name, '')), 'C')) STORED NOT NULL,
	CONSTRAINT "funding_calls_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "dialogue_event_clusters" (
	"event_id" uuid NOT NULL,
	"cluster_id" uuid NOT NULL,
	CONSTRAINT "dialogue_event_clusters_event_id_cluster_id_pk" PRIMARY KEY("event_id","cluster_id")
);
--> statement-breakpoint
CREATE TABLE "dialogue_event_organisations" (
	"event_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "dialogue_event_organisations_event_id_organisation_id_pk" PRIMARY KEY("event_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "dialogue_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" jsonb NOT NULL,
	"date" date NOT NULL,
	"end_date" date,
	"place" text NOT NULL,
	"languages" text[] NOT NULL,
	"organising_partner" text NOT NULL,
	"participant_count" integer NOT NULL,
	"outcomes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "internationalisation_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cluster_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"date" date NOT NULL,
	"description" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cluster_follows" ADD CONSTRAINT "cluster_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cluster_follows" ADD CONSTRAINT "cluster_follows_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_event_clusters" ADD CONSTRAINT "dialogue_event_clusters_event_id_dialogue_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."dialogue_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_event_clusters" ADD CONSTRAINT "dialogue_event_clusters_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_event_organisations" ADD CONSTRAINT "dialogue_event_organisations_event_id_dialogue_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."dialogue_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_event_organisations" ADD CONSTRAINT "dialogue_event_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internationalisation_measures" ADD CONSTRAINT "internationalisation_measures_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internationalisation_measures" ADD CONSTRAINT "internationalisation_measures_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cluster_follows_cluster_idx" ON "cluster_follows" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "funding_calls_search_idx" ON "funding_calls" USING gin ("search");--> statement-breakpoint
CREATE INDEX "funding_calls_closes_idx" ON "funding_calls" USING btree (coalesce("closes_on", '9999-12-31'::date),"id");--> statement-breakpoint
CREATE INDEX "funding_calls_public_idx" ON "funding_calls" USING btree (coalesce("closes_on", '9999-12-31'::date),"slug") WHERE published;--> statement-breakpoint
CREATE UNIQUE INDEX "funding_calls_source_unique" ON "funding_calls" USING btree ("source","external_id") WHERE source IS NOT NULL;--> statement-breakpoint
CREATE INDEX "dialogue_event_clusters_cluster_idx" ON "dialogue_event_clusters" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "dialogue_event_organisations_organisation_idx" ON "dialogue_event_organisations" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "dialogue_events_date_idx" ON "dialogue_events" USING btree ("date","id");--> statement-breakpoint
CREATE INDEX "internationalisation_measures_cluster_idx" ON "internationalisation_measures" USING btree ("cluster_id","date");--> statement-breakpoint
CREATE INDEX "internationalisation_measures_date_idx" ON "internationalisation_measures" USING btree ("date","id");