CREATE TABLE "dialogue_event_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"status" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"organisation_name" text,
	"organisation_id" uuid,
	"country" text NOT NULL,
	"language" text NOT NULL,
	"consent_text_version" text NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"notes" text,
	"wants_meetings" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"api_key_id" uuid,
	"cancel_token_hash" text NOT NULL,
	"checked_in_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dialogue_events" ALTER COLUMN "place" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "dialogue_events" ALTER COLUMN "participant_count" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "slug" text;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "status" text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "description" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "agenda" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "start_time" text;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "end_time" text;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "time_zone" text DEFAULT 'Europe/Berlin' NOT NULL;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "online_url" text;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "interpretation" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "capacity" integer;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "registration_opens_on" date;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "registration_closes_on" date;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "sectors" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "ris3_areas" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "cancellation_notice" jsonb;--> statement-breakpoint
ALTER TABLE "dialogue_event_registrations" ADD CONSTRAINT "dialogue_event_registrations_event_id_dialogue_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."dialogue_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_event_registrations" ADD CONSTRAINT "dialogue_event_registrations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dialogue_event_registrations_person_idx" ON "dialogue_event_registrations" USING btree ("event_id","email") WHERE "dialogue_event_registrations"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "dialogue_event_registrations_event_idx" ON "dialogue_event_registrations" USING btree ("event_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dialogue_event_registrations_token_idx" ON "dialogue_event_registrations" USING btree ("cancel_token_hash");--> statement-breakpoint
CREATE INDEX "dialogue_event_registrations_email_idx" ON "dialogue_event_registrations" USING btree ("email");--> statement-breakpoint
-- Events recorded until now took place: documented where their outcomes are written, else held.
UPDATE "dialogue_events" SET "status" = CASE WHEN "outcomes" <> '{}'::jsonb THEN 'documented' ELSE 'held' END;--> statement-breakpoint
-- Their slug: the folded title and the year, numbered where two would be the same.
UPDATE "dialogue_events" e SET "slug" = s.slug FROM (
  SELECT id, base || CASE WHEN n > 1 THEN '-' || n ELSE '' END AS slug FROM (
    SELECT id, base, row_number() OVER (PARTITION BY base ORDER BY date, id) AS n FROM (
      SELECT id, date, coalesce(nullif(left(trim(both '-' from regexp_replace(lower(immutable_unaccent(coalesce(title->>'en', title->>'de', title->>'pl', ''))), '[^a-z0-9]+', '-', 'g')), 60), ''), 'event') || '-' || to_char(date, 'YYYY') AS base
        FROM "dialogue_events") b) c) s
 WHERE s.id = e.id;--> statement-breakpoint
ALTER TABLE "dialogue_events" ALTER COLUMN "slug" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "dialogue_events_slug_idx" ON "dialogue_events" USING btree ("slug");