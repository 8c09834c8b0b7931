/** 135 → "2h 15m"; under an hour → "45m". Shared by the server's pages and the live countdown. */
export function hoursAndMinutes(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return hours === 0 ? `${rest}m` : `${hours}h ${String(rest).padStart(2, '0')}m`;
}

/**
 * Which clock a countdown runs on: `working` counts only service hours (and pauses when the front door
 * is closed); `real` counts every minute, day and night (immediate risk).
 */
export type CountdownClock = 'working' | 'real';

export function timeLeftText(minutes: number, clock: CountdownClock = 'working'): string {
  return clock === 'real'
    ? `${hoursAndMinutes(minutes)} left (real time, day and night)`
    : `${hoursAndMinutes(minutes)} working time left`;
}

export function overdueText(minutes: number, clock: CountdownClock = 'working'): string {
  return clock === 'real'
    ? `Overdue by ${hoursAndMinutes(minutes)}`
    : `Overdue by ${hoursAndMinutes(minutes)} working time`;
}

/** A timescale in words: "4 hours (day and night)", "4 working hours", "1 working day". */
export function describeTimescale({ unit, amount }: { unit: string; amount: number }): string {
  const plural = amount === 1 ? '' : 's';
  if (unit === 'hours') return `${amount} hour${plural} (day and night)`;
  return `${amount} working ${unit === 'working_hours' ? 'hour' : 'day'}${plural}`;
}
