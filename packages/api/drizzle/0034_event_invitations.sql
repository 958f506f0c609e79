CREATE TABLE "dialogue_event_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"organisation_id" uuid,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"language" text NOT NULL,
	"token_hash" text NOT NULL,
	"registration_id" uuid,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "reminder_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dialogue_events" ADD COLUMN "thank_you_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dialogue_event_invitations" ADD CONSTRAINT "dialogue_event_invitations_event_id_dialogue_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."dialogue_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_event_invitations" ADD CONSTRAINT "dialogue_event_invitations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_event_invitations" ADD CONSTRAINT "dialogue_event_invitations_registration_id_dialogue_event_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."dialogue_event_registrations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dialogue_event_invitations_person_idx" ON "dialogue_event_invitations" USING btree ("event_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "dialogue_event_invitations_token_idx" ON "dialogue_event_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "dialogue_event_invitations_email_idx" ON "dialogue_event_invitations" USING btree ("email");