import { defineConfig } from 'vitest/config';

// Four projects: unit (pure logic, beside the code), integration (a subgraph on a migrated
// database), e2e (the whole platform over HTTP and WebSocket) and quality (the demo model's
// quality bar: a full training run with the shipped defaults). Database tests run on PGlite,
// and on Postgres when TEST_DATABASE_URL is set (TEST_BACKENDS chooses; see test/support/database.ts).
export default defineConfig({
  // graphql ships CJS and ESM builds; Node (and our runtime) loads the CJS one for everybody,
  // but Vite would hand ESM importers the .mjs build while CJS packages (graphql-shield,
  // graphql-middleware) require the .js one: two realms, and "Cannot use GraphQLObjectType from
  // another module or realm". Point everything at the build Node uses.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    // `npm run test:coverage` (CI): lines of the code that runs in production, floor 80 %.
    coverage: {
      provider: 'v8',
      include: ['{domain,db,platform,gateway,subgraphs,app,demo,schema,scripts}/**/*.ts'],
      exclude: ['**/*.test.ts', '**/generated/**'],
      reporter: ['text-summary', 'json-summary', 'html'],
      thresholds: { lines: 80 },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{domain,db,platform,gateway,subgraphs,app,demo}/**/*.test.ts', 'test/contract/**/*.test.ts'],
          environment: 'node',
          // Unit tests share two cores with the e2e files' platforms; a few (featurizing 300
          // generated trajectories, composing the supergraph) take seconds when the other core
          // trains. Speed is measured in bench/, not here.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/support/web-build.setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The e2e files each start a platform; on two cores they run best one at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'quality',
          include: ['test/quality/**/*.quality.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
