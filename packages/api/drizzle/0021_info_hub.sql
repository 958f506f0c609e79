CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"thumbnail_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"partner" text NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"ris3_areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"cluster_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"funding_call_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('eur_simple'::regconfig, coalesce(title->>'de', '') || ' ' || coalesce(title->>'pl', '') || ' ' || coalesce(title->>'en', '')), 'A') || setweight(to_tsvector('german'::regconfig, coalesce(title->>'de', '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(title->>'en', '')), 'A') || setweight(to_tsvector('eur_simple'::regconfig, coalesce(summary->>'de', '') || ' ' || coalesce(summary->>'pl', '') || ' ' || coalesce(summary->>'en', '')), 'B') || setweight(to_tsvector('german'::regconfig, coalesce(summary->>'de', '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(summary->>'en', '')), 'B') || setweight(to_tsvector('eur_simple'::regconfig, coalesce(body->>'de', '') || ' ' || coalesce(body->>'pl', '') || ' ' || coalesce(body->>'en', '')), 'C') || setweight(to_tsvector('german'::regconfig, coalesce(body->>'de', '')), 'C') || setweight(to_tsvector('english'::regconfig, coalesce(body->>'en', '')), 'C')) STORED NOT NULL,
	CONSTRAINT "publications_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "files_owner_idx" ON "files" USING btree ("owner_type","owner_id","created_at");--> statement-breakpoint
CREATE INDEX "publications_search_idx" ON "publications" USING gin ("search");--> statement-breakpoint
CREATE INDEX "publications_public_idx" ON "publications" USING btree ("published_at" DESC NULLS LAST,"id") WHERE status = 'published' AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "publications_updated_idx" ON "publications" USING btree ("updated_at" DESC NULLS LAST,"id");