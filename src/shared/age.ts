/** Whole years from a 'YYYY-MM-DD' birth date to a 'YYYY-MM-DD' day (use London's date for "today"). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [birthYear, birthMonthDay] = [Number(dateOfBirth.slice(0, 4)), dateOfBirth.slice(5)];
  const [year, monthDay] = [Number(day.slice(0, 4)), day.slice(5)];
  return year - birthYear - (monthDay < birthMonthDay ? 1 : 0);
}
