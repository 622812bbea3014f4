CREATE TABLE "model_drift_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"live_count" integer NOT NULL,
	"live_mae" double precision,
	"live_within" double precision,
	"psi" jsonb NOT NULL,
	"current_size" integer NOT NULL,
	"reference_size" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "model_drift_checks" ADD CONSTRAINT "model_drift_checks_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_drift_checks_at_idx" ON "model_drift_checks" USING btree ("at");