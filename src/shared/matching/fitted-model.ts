// Written by bench/fit-matching-model.ts (npx tsx bench/fit-matching-model.ts): do not edit by hand.
// m and u per comparison level, fitted on the generated English training set (seed 1001).
import type { MatchModel } from './model.ts';

export const FITTED_MODEL: MatchModel = {
  parameters: {
    givenName: {
      exact: {
        m: 0.86857,
        u: 0.0029741,
      },
      part: {
        m: 0.000060456,
        u: 0.0000016908,
      },
      nickname: {
        m: 0.044798,
        u: 0.001307,
      },
      close: {
        m: 0.08494,
        u: 0.0010026,
      },
      similar: {
        m: 0.000060456,
        u: 0.0040968,
      },
      phonetic: {
        m: 0.00066501,
        u: 0.0026427,
      },
      different: {
        m: 0.00090684,
        u: 0.98798,
      },
    },
    familyName: {
      exact: {
        m: 0.81277,
        u: 0.0040212,
      },
      part: {
        m: 0.10553,
        u: 0.0011126,
      },
      nickname: {
        m: 0.000060201,
        u: 0.0000016832,
      },
      close: {
        m: 0.08073,
        u: 0.0013314,
      },
      similar: {
        m: 0.00042141,
        u: 0.0038125,
      },
      phonetic: {
        m: 0.0001806,
        u: 0.00099815,
      },
      different: {
        m: 0.00030101,
        u: 0.98872,
      },
    },
    dateOfBirth: {
      exact: {
        m: 0.89004,
        u: 0.00006365,
      },
      transposed: {
        m: 0.012122,
        u: 0.000018923,
      },
      oneDay: {
        m: 0.052978,
        u: 0.0001359,
      },
      oneMonth: {
        m: 0.010768,
        u: 0.00010838,
      },
      oneYear: {
        m: 0.02049,
        u: 0.00015655,
      },
      oneDigit: {
        m: 0.013475,
        u: 0.0015293,
      },
      sameYear: {
        m: 0.000061531,
        u: 0.023353,
      },
      different: {
        m: 0.000061531,
        u: 0.97463,
      },
    },
    sex: {
      same: {
        m: 0.99791,
        u: 0.50025,
      },
      different: {
        m: 0.0020881,
        u: 0.49975,
      },
    },
    postcode: {
      full: {
        m: 0.89139,
        u: 0.00083134,
      },
      outward: {
        m: 0.02289,
        u: 0.093366,
      },
      different: {
        m: 0.085722,
        u: 0.9058,
      },
    },
    address: {
      same: {
        m: 0.75587,
        u: 0.000063513,
      },
      similar: {
        m: 0.14488,
        u: 0.0050791,
      },
      partial: {
        m: 0.003106,
        u: 0.043707,
      },
      different: {
        m: 0.096149,
        u: 0.95115,
      },
    },
    nhsNumber: {
      exact: {
        m: 0.98191,
        u: 0.0000039916,
      },
      exactUnverified: {
        m: 0.98191,
        u: 0.0000039916,
      },
      oneDigit: {
        m: 0.017705,
        u: 0.0000039916,
      },
      different: {
        m: 0.00012737,
        u: 0.98296,
      },
      differentUnverified: {
        m: 0.017032,
        u: 0.017032,
      },
    },
  },
  thresholds: {
    match: 10,
    possible: 4,
  },
  ambiguityMargin: 3,
  minimumNameU: 0.0001,
  indexHoldsFamilies: true,
};
