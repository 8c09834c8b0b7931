/** 135 → "2h 15m"; under an hour → "45m". Shared by the server's pages and the live countdown. */
export function hoursAndMinutes(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return hours === 0 ? `${rest}m` : `${hours}h ${String(rest).padStart(2, '0')}m`;
}

export const timeLeftText = (minutes: number) => `${hoursAndMinutes(minutes)} working time left`;
export const overdueText = (minutes: number) => `Overdue by ${hoursAndMinutes(minutes)} working time`;
