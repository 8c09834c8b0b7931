/**
 * Step times for the model from what the history measured: a lognormal fitted to each RAG's samples when
 * there are enough of them, else to the step's samples of all ratings together, else an assumption
 * (plausible times for a front door, said as such on the page).
 */
import type { Rag } from '../../../platform/db/schema.ts';
import type { StepSamples } from './history.ts';
import {
  fitLognormal,
  RAGS,
  type ServiceTimeDistribution,
  type ServiceTimes,
  type Step,
} from './service-times.ts';

/** Fewer samples than this give a mean too uncertain to plan staffing on. */
export const MIN_SAMPLES = 20;

const lognormal = (meanMinutes: number, sdMinutes: number) => ({
  kind: 'lognormal' as const,
  meanMinutes,
  sdMinutes,
});

/** Assumed when the history has too little: a red contact is screened more thoroughly. */
export const ASSUMED_SERVICE_TIMES: ServiceTimes = {
  screening: { red: lognormal(50, 35), amber: lognormal(40, 30), green: lognormal(30, 25) },
  authorisation: { red: lognormal(15, 10), amber: lognormal(12, 10), green: lognormal(10, 8) },
};

type TimeSource = 'measured' | 'measured_all_ratings' | 'assumed';

interface StepTime {
  readonly step: Step;
  readonly rag: Rag;
  readonly distribution: ServiceTimeDistribution & { kind: 'lognormal' };
  readonly source: TimeSource;
  /** Samples the fit used (0 when assumed). */
  readonly samples: number;
}

export function stepTimesFrom(samples: StepSamples): { serviceTimes: ServiceTimes; table: StepTime[] } {
  const table: StepTime[] = [];
  const serviceTimes = {} as Record<Step, Record<Rag, ServiceTimeDistribution>>;
  for (const step of ['screening', 'authorisation'] as const) {
    const usable = (values: readonly number[]) => values.filter((minutes) => minutes > 0);
    const pooled = usable(RAGS.flatMap((rag) => samples[step][rag]));
    serviceTimes[step] = {} as Record<Rag, ServiceTimeDistribution>;
    for (const rag of RAGS) {
      const own = usable(samples[step][rag]);
      const time: StepTime =
        own.length >= MIN_SAMPLES
          ? { step, rag, distribution: fitted(own), source: 'measured', samples: own.length }
          : pooled.length >= MIN_SAMPLES
            ? {
                step,
                rag,
                distribution: fitted(pooled),
                source: 'measured_all_ratings',
                samples: pooled.length,
              }
            : {
                step,
                rag,
                distribution: ASSUMED_SERVICE_TIMES[step][rag] as StepTime['distribution'],
                source: 'assumed',
                samples: 0,
              };
      serviceTimes[step][rag] = time.distribution;
      table.push(time);
    }
  }
  return { serviceTimes, table };
}

function fitted(minutes: readonly number[]): StepTime['distribution'] {
  return fitLognormal(minutes) as StepTime['distribution'];
}
