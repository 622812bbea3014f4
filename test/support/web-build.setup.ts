import { buildWeb } from '../../scripts/build-web.js';

/** The e2e tests open the console and GraphiQL: build them first when web/ changed (seconds). */
export default async function setup(): Promise<void> {
  await buildWeb({ log: () => {} });
}
