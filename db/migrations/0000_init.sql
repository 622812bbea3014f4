CREATE TABLE "trajectories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text,
	"payload_hash" text NOT NULL,
	"content_hash" text NOT NULL,
	"duplicate_of" uuid,
	"image_sha256" text NOT NULL,
	"audience" text NOT NULL,
	"topic" text NOT NULL,
	"modality" text NOT NULL,
	"state" jsonb NOT NULL,
	"metadata" jsonb,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL,
	"quality_score" double precision NOT NULL,
	"flagged" boolean NOT NULL,
	"quality_issues" jsonb NOT NULL,
	"total_duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trajectory_rejections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submitted_by" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"rejected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "educator_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trajectory_id" uuid NOT NULL,
	"score" double precision NOT NULL,
	"comment" text,
	"rated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rewards" (
	"trajectory_id" uuid NOT NULL,
	"rubric_version" integer NOT NULL,
	"total" double precision NOT NULL,
	"components" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rewards_trajectory_id_rubric_version_pk" PRIMARY KEY("trajectory_id","rubric_version")
);
--> statement-breakpoint
CREATE TABLE "rubrics" (
	"version" integer PRIMARY KEY NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"description" text NOT NULL,
	"weights" jsonb NOT NULL,
	"thresholds" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "educator_feedback" ADD CONSTRAINT "educator_feedback_trajectory_id_trajectories_id_fk" FOREIGN KEY ("trajectory_id") REFERENCES "public"."trajectories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_trajectory_id_trajectories_id_fk" FOREIGN KEY ("trajectory_id") REFERENCES "public"."trajectories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_rubric_version_rubrics_version_fk" FOREIGN KEY ("rubric_version") REFERENCES "public"."rubrics"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "trajectories_idempotency_key_uq" ON "trajectories" USING btree ("idempotency_key") WHERE "trajectories"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "trajectories_submitted_at_id_idx" ON "trajectories" USING btree ("submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "trajectories_content_hash_idx" ON "trajectories" USING btree ("content_hash");--> statement-breakpoint
CREATE INDEX "trajectories_image_sha256_idx" ON "trajectories" USING btree ("image_sha256");--> statement-breakpoint
CREATE INDEX "trajectories_audience_idx" ON "trajectories" USING btree ("audience");--> statement-breakpoint
CREATE INDEX "trajectories_submitted_by_idx" ON "trajectories" USING btree ("submitted_by");--> statement-breakpoint
CREATE INDEX "trajectories_status_idx" ON "trajectories" USING btree ("status");--> statement-breakpoint
CREATE INDEX "trajectory_rejections_rejected_at_idx" ON "trajectory_rejections" USING btree ("rejected_at");--> statement-breakpoint
CREATE INDEX "educator_feedback_trajectory_idx" ON "educator_feedback" USING btree ("trajectory_id","created_at");--> statement-breakpoint
CREATE INDEX "rewards_rubric_version_idx" ON "rewards" USING btree ("rubric_version");--> statement-breakpoint
CREATE UNIQUE INDEX "rubrics_single_active_uq" ON "rubrics" USING btree ("active") WHERE "rubrics"."active";