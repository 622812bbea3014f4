DROP INDEX "trajectories_submitted_at_id_idx";--> statement-breakpoint
DROP INDEX "audit_log_at_idx";--> statement-breakpoint
DROP INDEX "model_alias_history_alias_idx";--> statement-breakpoint
DROP INDEX "training_runs_created_idx";--> statement-breakpoint
DROP INDEX "reports_generated_at_idx";--> statement-breakpoint
CREATE INDEX "trajectories_modality_submitted_at_id_idx" ON "trajectories" USING btree ("modality","submitted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "trajectories_submitted_at_id_idx" ON "trajectories" USING btree ("submitted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "model_alias_history_alias_idx" ON "model_alias_history" USING btree ("alias","id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "training_runs_created_idx" ON "training_runs" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "reports_generated_at_idx" ON "reports" USING btree ("generated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);