CREATE TABLE "brand_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cluster_id" uuid NOT NULL,
	"criteria_id" uuid NOT NULL,
	"partner" text NOT NULL,
	"applicant_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"check" jsonb NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text,
	"award_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "brand_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_number" text NOT NULL,
	"cluster_id" uuid NOT NULL,
	"application_id" uuid,
	"criteria_id" uuid,
	"level" text,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"state" text DEFAULT 'active' NOT NULL,
	"state_reason" text,
	"note" text,
	"renewal" boolean DEFAULT false NOT NULL,
	"reminded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_awards_certificateNumber_unique" UNIQUE("certificate_number")
);
--> statement-breakpoint
CREATE TABLE "brand_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"name" jsonb NOT NULL,
	"text" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"conditions" jsonb NOT NULL,
	"levels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"validity_months" integer DEFAULT 24 NOT NULL,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_criteria_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "brand_signing_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"private_key" text NOT NULL,
	"public_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "brand_applications" ADD CONSTRAINT "brand_applications_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_applications" ADD CONSTRAINT "brand_applications_criteria_id_brand_criteria_id_fk" FOREIGN KEY ("criteria_id") REFERENCES "public"."brand_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_applications" ADD CONSTRAINT "brand_applications_applicant_id_users_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_applications" ADD CONSTRAINT "brand_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_awards" ADD CONSTRAINT "brand_awards_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_awards" ADD CONSTRAINT "brand_awards_application_id_brand_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."brand_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_awards" ADD CONSTRAINT "brand_awards_criteria_id_brand_criteria_id_fk" FOREIGN KEY ("criteria_id") REFERENCES "public"."brand_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "brand_applications_created_idx" ON "brand_applications" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "brand_applications_one_pending" ON "brand_applications" USING btree ("cluster_id") WHERE "brand_applications"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "brand_awards_cluster_idx" ON "brand_awards" USING btree ("cluster_id","valid_until");--> statement-breakpoint
CREATE INDEX "brand_awards_created_idx" ON "brand_awards" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "brand_criteria_one_draft" ON "brand_criteria" USING btree ("status") WHERE "brand_criteria"."status" = 'draft';