CREATE TABLE "hyperparameter_searches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"space" jsonb NOT NULL,
	"base" jsonb NOT NULL,
	"started_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_runs" ADD COLUMN "search_id" uuid;--> statement-breakpoint
CREATE INDEX "training_runs_search_idx" ON "training_runs" USING btree ("search_id");