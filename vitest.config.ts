import { defineConfig } from 'vitest/config';

// Three projects: unit (pure logic, beside the code), integration (a subgraph on a migrated
// database) and e2e (the whole platform over HTTP). Database tests run on PGlite, and also
// on Postgres when TEST_DATABASE_URL is set.
export default defineConfig({
  // graphql ships CJS and ESM builds; Node (and our runtime) loads the CJS one for everybody,
  // but Vite would hand ESM importers the .mjs build while CJS packages (graphql-shield,
  // graphql-middleware) require the .js one: two realms, and "Cannot use GraphQLObjectType from
  // another module or realm". Point everything at the build Node uses.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{domain,db,platform,gateway,subgraphs,app,demo}/**/*.test.ts', 'test/contract/**/*.test.ts'],
          environment: 'node',
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
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The e2e files each start a platform; on two cores they run best one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
