CREATE TABLE "event_meeting_plans" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"slot_minutes" integer NOT NULL,
	"tables" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_meeting_plans_sizes" CHECK ("event_meeting_plans"."slot_minutes" > 0 AND "event_meeting_plans"."tables" > 0)
);
--> statement-breakpoint
CREATE TABLE "event_meeting_profiles" (
	"registration_id" uuid PRIMARY KEY NOT NULL,
	"profile" text,
	"cooperation_profile_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_meeting_seats" (
	"meeting_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"slot" integer NOT NULL,
	CONSTRAINT "event_meeting_seats_meeting_id_registration_id_pk" PRIMARY KEY("meeting_id","registration_id")
);
--> statement-breakpoint
CREATE TABLE "event_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	"invitee_id" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"message" text,
	"requested_by" text NOT NULL,
	"slot" integer,
	"table_no" integer,
	"match_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_meetings_two_people" CHECK ("event_meetings"."requester_id" <> "event_meetings"."invitee_id"),
	CONSTRAINT "event_meetings_scheduled" CHECK (("event_meetings"."slot" IS NULL) = ("event_meetings"."table_no" IS NULL) AND ("event_meetings"."slot" IS NULL OR "event_meetings"."status" = 'accepted'))
);
--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "publication_id" uuid;--> statement-breakpoint
ALTER TABLE "event_meeting_plans" ADD CONSTRAINT "event_meeting_plans_event_id_dialogue_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."dialogue_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meeting_profiles" ADD CONSTRAINT "event_meeting_profiles_registration_id_dialogue_event_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."dialogue_event_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meeting_profiles" ADD CONSTRAINT "event_meeting_profiles_cooperation_profile_id_cooperation_profiles_id_fk" FOREIGN KEY ("cooperation_profile_id") REFERENCES "public"."cooperation_profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meeting_seats" ADD CONSTRAINT "event_meeting_seats_meeting_id_event_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."event_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meeting_seats" ADD CONSTRAINT "event_meeting_seats_registration_id_dialogue_event_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."dialogue_event_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_event_id_dialogue_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."dialogue_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_requester_id_dialogue_event_registrations_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."dialogue_event_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_invitee_id_dialogue_event_registrations_id_fk" FOREIGN KEY ("invitee_id") REFERENCES "public"."dialogue_event_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_meeting_seats_person_idx" ON "event_meeting_seats" USING btree ("registration_id","slot");--> statement-breakpoint
CREATE UNIQUE INDEX "event_meetings_table_idx" ON "event_meetings" USING btree ("event_id","slot","table_no") WHERE "event_meetings"."slot" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "event_meetings_pair_idx" ON "event_meetings" USING btree ("event_id",least("requester_id", "invitee_id"),greatest("requester_id", "invitee_id")) WHERE "event_meetings"."status" IN ('requested', 'accepted');--> statement-breakpoint
CREATE INDEX "event_meetings_event_idx" ON "event_meetings" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "event_meetings_requester_idx" ON "event_meetings" USING btree ("requester_id");--> statement-breakpoint
CREATE INDEX "event_meetings_invitee_idx" ON "event_meetings" USING btree ("invitee_id");--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD CONSTRAINT "dialogue_events_publication_id_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."publications"("id") ON DELETE set null ON UPDATE no action;