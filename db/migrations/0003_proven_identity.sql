-- Who submitted and who rated, as authenticated (recorded by the server), next to the display
-- names clients chose. Rows from before carry no proof: they are marked "unverified:" with the
-- name the client gave, so they stay distinguishable from proven ones.
ALTER TABLE "trajectories" ADD COLUMN "submitter_id" text;--> statement-breakpoint
ALTER TABLE "trajectories" ADD COLUMN "submitter_name" text;--> statement-breakpoint
UPDATE "trajectories" SET "submitter_id" = 'unverified:' || "submitted_by", "submitter_name" = 'unverified:' || "submitted_by";--> statement-breakpoint
ALTER TABLE "trajectories" ALTER COLUMN "submitter_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "trajectories" ALTER COLUMN "submitter_name" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "educator_feedback" ADD COLUMN "rater_id" text;--> statement-breakpoint
ALTER TABLE "educator_feedback" ADD COLUMN "rater_name" text;--> statement-breakpoint
ALTER TABLE "educator_feedback" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
UPDATE "educator_feedback" SET "rater_id" = 'unverified:' || "rated_by", "rater_name" = 'unverified:' || "rated_by";--> statement-breakpoint
ALTER TABLE "educator_feedback" ALTER COLUMN "rater_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "educator_feedback" ALTER COLUMN "rater_name" SET NOT NULL;--> statement-breakpoint
-- One current rating per rater and trajectory: the latest; earlier ones stay as history.
UPDATE "educator_feedback" f SET "superseded_at" = now() WHERE EXISTS (
  SELECT 1 FROM "educator_feedback" g
  WHERE g."trajectory_id" = f."trajectory_id" AND g."rater_id" = f."rater_id"
    AND (g."created_at", g."id") > (f."created_at", f."id")
);--> statement-breakpoint
CREATE UNIQUE INDEX "educator_feedback_current_uq" ON "educator_feedback" USING btree ("trajectory_id","rater_id") WHERE "educator_feedback"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "educator_feedback_rater_idx" ON "educator_feedback" USING btree ("rater_id","created_at");
