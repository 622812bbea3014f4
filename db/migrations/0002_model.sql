CREATE TABLE "model_alias_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alias" text NOT NULL,
	"from_version_id" uuid,
	"to_version_id" uuid NOT NULL,
	"action" text NOT NULL,
	"forced" integer DEFAULT 0 NOT NULL,
	"reason" text,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_aliases" (
	"name" text PRIMARY KEY NOT NULL,
	"version_id" uuid NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" serial NOT NULL,
	"run_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"featurizer_version" text NOT NULL,
	"rubric_version" integer NOT NULL,
	"target_source" text NOT NULL,
	"dataset_digest" text NOT NULL,
	"split_sizes" jsonb NOT NULL,
	"test_trajectory_ids" jsonb NOT NULL,
	"config" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"backend" text NOT NULL,
	"parameter_count" integer NOT NULL,
	"topology" jsonb NOT NULL,
	"weight_specs" jsonb NOT NULL,
	"weights" "bytea" NOT NULL,
	"model_card" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"epoch" integer,
	"iteration" integer,
	"loss" double precision,
	"validation_loss" double precision,
	"validation_mae" double precision,
	"samples_per_second" double precision,
	"eta_seconds" double precision,
	"message" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"config" jsonb NOT NULL,
	"started_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"worker" text,
	"backend" text,
	"cancel_requested" integer DEFAULT 0 NOT NULL,
	"error" text,
	"dataset" jsonb,
	"epochs_completed" integer DEFAULT 0 NOT NULL,
	"iterations" integer DEFAULT 0 NOT NULL,
	"best_iteration" integer,
	"best_validation_loss" double precision,
	"model_version_id" uuid
);
--> statement-breakpoint
ALTER TABLE "model_aliases" ADD CONSTRAINT "model_aliases_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_run_id_training_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."training_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_events" ADD CONSTRAINT "training_events_run_id_training_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."training_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_alias_history_alias_idx" ON "model_alias_history" USING btree ("alias","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_version_uq" ON "model_versions" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "training_events_run_seq_uq" ON "training_events" USING btree ("run_id","seq");--> statement-breakpoint
CREATE INDEX "training_runs_created_idx" ON "training_runs" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "training_runs_status_idx" ON "training_runs" USING btree ("status");