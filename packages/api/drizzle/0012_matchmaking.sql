CREATE TABLE "cooperation_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"type" text NOT NULL,
	"organisation_id" uuid,
	"cluster_id" uuid,
	"title" jsonb NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"ris3_areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"target_countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"valid_until" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"partner" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cooperation_profiles_one_owner" CHECK (("cooperation_profiles"."organisation_id" IS NULL) <> ("cooperation_profiles"."cluster_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "match_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"match_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"user_name" text,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "match_weights" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"weights" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "match_weights_one_row" CHECK ("match_weights"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_a_kind" text NOT NULL,
	"party_a_id" uuid NOT NULL,
	"party_b_kind" text NOT NULL,
	"party_b_id" uuid NOT NULL,
	"note" text,
	"score" integer,
	"stage" text DEFAULT 'proposed' NOT NULL,
	"cross_border" boolean NOT NULL,
	"decline_reason" text,
	"outcomes" text[] DEFAULT '{}'::text[] NOT NULL,
	"partner" text NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"introduced_at" timestamp with time zone,
	"meeting_at" timestamp with time zone,
	"agreed_at" timestamp with time zone,
	"declined_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cooperation_profiles" ADD CONSTRAINT "cooperation_profiles_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperation_profiles" ADD CONSTRAINT "cooperation_profiles_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_steps" ADD CONSTRAINT "match_steps_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_steps" ADD CONSTRAINT "match_steps_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_weights" ADD CONSTRAINT "match_weights_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cooperation_profiles_organisation_idx" ON "cooperation_profiles" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "cooperation_profiles_cluster_idx" ON "cooperation_profiles" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "cooperation_profiles_list_idx" ON "cooperation_profiles" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "cooperation_profiles_active_idx" ON "cooperation_profiles" USING btree ("valid_until") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "cooperation_profiles_sectors_idx" ON "cooperation_profiles" USING gin ("sectors");--> statement-breakpoint
CREATE INDEX "cooperation_profiles_ris3_idx" ON "cooperation_profiles" USING gin ("ris3_areas");--> statement-breakpoint
CREATE INDEX "match_steps_match_idx" ON "match_steps" USING btree ("match_id","at");--> statement-breakpoint
CREATE INDEX "matches_list_idx" ON "matches" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "matches_party_a_idx" ON "matches" USING btree ("party_a_id");--> statement-breakpoint
CREATE INDEX "matches_party_b_idx" ON "matches" USING btree ("party_b_id");--> statement-breakpoint
CREATE INDEX "matches_introduced_idx" ON "matches" USING btree ("introduced_at");--> statement-breakpoint
CREATE INDEX "matches_agreed_idx" ON "matches" USING btree ("agreed_at");