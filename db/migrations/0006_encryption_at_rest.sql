CREATE TABLE "encryption_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"kek_id" text NOT NULL,
	"wrapped" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "trajectories_submitted_by_idx";--> statement-breakpoint
DROP INDEX "educator_feedback_current_uq";--> statement-breakpoint
DROP INDEX "educator_feedback_rater_idx";--> statement-breakpoint
ALTER TABLE "trajectories" ADD COLUMN "submitted_by_index" text;--> statement-breakpoint
-- Existing rows: the blind index without a key (tag p, plain SHA-256), as db/encryption/field-keyring.ts computes it.
UPDATE "trajectories" SET "submitted_by_index" = 'p:' || encode(sha256(convert_to("submitted_by", 'UTF8')), 'hex');--> statement-breakpoint
ALTER TABLE "trajectories" ALTER COLUMN "submitted_by_index" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "trajectories" ADD COLUMN "submitter_id_index" text;--> statement-breakpoint
-- Existing rows: the blind index without a key (tag p, plain SHA-256), as db/encryption/field-keyring.ts computes it.
UPDATE "trajectories" SET "submitter_id_index" = 'p:' || encode(sha256(convert_to("submitter_id", 'UTF8')), 'hex');--> statement-breakpoint
ALTER TABLE "trajectories" ALTER COLUMN "submitter_id_index" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "educator_feedback" ADD COLUMN "rater_id_index" text;--> statement-breakpoint
-- Existing rows: the blind index without a key (tag p, plain SHA-256), as db/encryption/field-keyring.ts computes it.
UPDATE "educator_feedback" SET "rater_id_index" = 'p:' || encode(sha256(convert_to("rater_id", 'UTF8')), 'hex');--> statement-breakpoint
ALTER TABLE "educator_feedback" ALTER COLUMN "rater_id_index" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "trajectories_submitted_by_index_idx" ON "trajectories" USING btree ("submitted_by_index");--> statement-breakpoint
CREATE INDEX "trajectories_submitter_id_index_idx" ON "trajectories" USING btree ("submitter_id_index");--> statement-breakpoint
CREATE UNIQUE INDEX "educator_feedback_current_uq" ON "educator_feedback" USING btree ("trajectory_id","rater_id_index") WHERE "educator_feedback"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "educator_feedback_rater_idx" ON "educator_feedback" USING btree ("rater_id_index","created_at");