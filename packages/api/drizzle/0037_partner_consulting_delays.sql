ALTER TABLE "partner_mailboxes" ADD COLUMN "escalation_days" integer;--> statement-breakpoint
ALTER TABLE "partner_mailboxes" ADD COLUMN "waiting_close_days" integer;