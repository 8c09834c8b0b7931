import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Tables that hold a child's case or a person's record, which only services read and write. */
const CASE_TABLES =
  '/^(contact|contact_child|contact_person|person|decision|handover|information_request|strategy_discussion|mash_discussion|referrer_letter|threshold_assessment|rag_rating|journey_event|case_note|referral|person_merge|person_link_decision|restricted_match_review|consultation|alert|involvement|household|household_member|address|contact_concern|strategy_attendee|strategy_action|notification|record_access_grant|record_share)( as .+)?$/';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name=/^(updateTable|deleteFrom)$/][arguments.0.value='audit_event']",
          message: 'audit_event is append-only: write it with writeAudit, never update or delete it.',
        },
      ],
    },
  },
  {
    // Routes parse, call a service and render: the service owns the transaction, the audit and the
    // query (docs/decisions/0008-code-layout.md). The partner API and the public forms are the exceptions:
    // they act for a key or a member of the public, not a signed-in actor with a RecordAccess.
    files: ['src/**/*.routes.ts'],
    ignores: [
      'src/modules/intake/partner-api/partner-api.routes.ts',
      'src/modules/information-requests/information-requests-api.routes.ts',
      'src/modules/intake/online/online-request.routes.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='recordChange']",
          message: 'A change and its audit belong in the service: call a service function from the route.',
        },
        {
          selector: "CallExpression[callee.name='writeAudit']",
          message: 'Audit rows are written by services (through RecordAccess), not routes.',
        },
        {
          selector: `CallExpression[callee.property.name=/^(selectFrom|updateTable|insertInto|deleteFrom)$/][arguments.0.value=${CASE_TABLES}]`,
          message:
            'Routes never query a case table: read through the service and the access layer (request.access.readVia).',
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  }
);
