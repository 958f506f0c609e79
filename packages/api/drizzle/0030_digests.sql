CREATE TABLE "digest_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"email" text NOT NULL,
	"language" text NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"frequency" text DEFAULT 'monthly' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"consent_text_version" text NOT NULL,
	"consent_source" text NOT NULL,
	"consent_recorded_by" text,
	"unsubscribed_at" timestamp with time zone,
	"last_period" text,
	"covered_until" timestamp with time zone,
	"last_sent_at" timestamp with time zone,
	"digests_sent" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "digest_unsubscribe_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"subscription_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "headers" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "digest_subscriptions" ADD CONSTRAINT "digest_subscriptions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_unsubscribe_links" ADD CONSTRAINT "digest_unsubscribe_links_subscription_id_digest_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."digest_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "digest_subscriptions_person_unique" ON "digest_subscriptions" USING btree ("organisation_id","email");--> statement-breakpoint
CREATE INDEX "digest_subscriptions_enabled_idx" ON "digest_subscriptions" USING btree ("id") WHERE enabled;--> statement-breakpoint
CREATE INDEX "digest_unsubscribe_links_subscription_idx" ON "digest_unsubscribe_links" USING btree ("subscription_id");