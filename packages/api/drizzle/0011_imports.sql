CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity" text NOT NULL,
	"mode" text NOT NULL,
	"dry_run" boolean NOT NULL,
	"format" text NOT NULL,
	"status" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"caller_key" text NOT NULL,
	"idempotency_key" text,
	"body_hash" text,
	"total" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ignored_columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "external_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "imports_idempotency_unique" ON "imports" USING btree ("caller_key","idempotency_key");--> statement-breakpoint
CREATE INDEX "imports_created_idx" ON "imports" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "clusters_source_unique" ON "clusters" USING btree ("source","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_source_unique" ON "organisations" USING btree ("source","external_id");