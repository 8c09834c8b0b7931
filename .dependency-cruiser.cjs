/*
 * The layout rules of docs/decisions/0008-code-layout.md, checked by `npm run lint`.
 * Modules are the stages of the child's journey (src/modules/<stage>/); each may use only the stages
 * listed for it below, and never another stage's pages, routes or views.
 */

/** Which other stages each stage may import. A stage not listed here may import none. */
const STAGE_USES = {
  journey: [],
  thresholds: [],
  people: ['journey'],
  intake: ['people', 'journey'],
  screening: ['people', 'thresholds', 'journey'],
  'information-requests': ['intake', 'people', 'journey'],
  handover: ['people', 'journey'],
  decisions: ['screening', 'handover', 'thresholds', 'people', 'journey'],
  letters: ['decisions', 'intake', 'people', 'journey'],
  strategy: ['people', 'journey'],
  work: ['screening', 'strategy', 'letters', 'intake', 'thresholds', 'people', 'journey'],
  case: [
    'screening',
    'information-requests',
    'decisions',
    'letters',
    'strategy',
    'handover',
    'work',
    'thresholds',
    'people',
    'journey',
  ],
  home: ['screening', 'decisions', 'strategy', 'work', 'people', 'journey'],
  onward: ['handover', 'people', 'journey'],
  returns: ['onward', 'intake', 'people', 'journey'],
  // The evidence base counts what the returns count, with the same definitions.
  performance: ['returns', 'onward', 'people', 'thresholds', 'journey'],
  // Audits, consistency, partner feedback, workforce and the SEF read the evidence base and the records.
  assurance: [
    'performance',
    'returns',
    'onward',
    'decisions',
    'screening',
    'intake',
    'people',
    'thresholds',
    'journey',
  ],
  'data-protection': ['people', 'journey'],
};

const stageRules = Object.entries(STAGE_USES).map(([stage, uses]) => ({
  name: `stage-${stage}`,
  comment: `${stage} may use only: ${uses.join(', ') || 'no other stage'}`,
  severity: 'error',
  from: { path: `^src/modules/${stage}/` },
  to: { path: '^src/modules/', pathNot: `^src/modules/(${[stage, ...uses].join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: split the shared part out, usually into platform/ or a stage both use.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-app-import',
      comment: 'Only the command line builds the app; routes are given their dependencies (AppDeps).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/app\\.ts$' },
    },
    {
      name: 'no-other-stage-page',
      comment:
        "A stage never imports another stage's page, routes or views: move the shared part to platform/http.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/[^/]+/(.+-page\\.ts|.+\\.routes\\.ts|.*views/.*)$',
        pathNot: '^src/modules/$1/',
      },
    },
    {
      name: 'platform-below-modules',
      comment: 'platform/ and shared/ serve every stage, so they import none.',
      severity: 'error',
      from: { path: '^src/(platform|shared)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'shared-is-pure',
      comment: 'shared/ holds pure rules (working time, matching, ages): no database, no HTTP.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(platform|modules|demo|cli)/' },
    },
    ...stageRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
