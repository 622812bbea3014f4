ALTER TABLE "model_versions" ALTER COLUMN "weights" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "weights_store" text DEFAULT 'postgres' NOT NULL;