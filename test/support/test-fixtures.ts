/** The fixed moment the test council's history ends, so seeded data and clocks agree. */
export const TEST_NOW = new Date('2026-11-20T10:00:00Z');

/** A small demo council: big enough for real patterns, small enough to seed in seconds. */
export const TEST_SEED = { seed: 7, children: 1500, contactsPerYear: 900, years: 2 } as const;

export const TEMPLATE_DUMP_ENV = 'FRONTDOOR_TEST_TEMPLATE_DUMP';
/** Names this run's PostgreSQL template database, unique so concurrent runs on one server never collide. */
export const TEMPLATE_DATABASE_ENV = 'FRONTDOOR_TEST_TEMPLATE_DATABASE';
