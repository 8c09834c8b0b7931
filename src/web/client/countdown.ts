import { timeLeftText, type CountdownClock } from '../../shared/duration-text.ts';

/**
 * Live countdowns. The server renders the time left and, in data-windows, the stretches of time still
 * to run ([start, end] in epoch ms), so the page needs no calendar: the time left is what remains of
 * those windows. A working-time countdown (data-clock="working") has one window per stretch of
 * service time and pauses between them; a real-time one (data-clock="real", immediate risk) has one
 * window up to the due time and never pauses. data-now is the server's clock, so a browser whose clock
 * is off (or a test that moved the server's) still counts from the server's time.
 */
const TICK_MS = 30_000;

export function enableCountdowns(root: Document = document): void {
  const elements = [...root.querySelectorAll<HTMLElement>('[data-countdown]')];
  if (elements.length === 0) return;
  const serverNow = Number(elements[0]!.dataset.now);
  const offset = Number.isFinite(serverNow) ? serverNow - Date.now() : 0;
  const tick = () => {
    for (const element of elements) update(element, Date.now() + offset);
  };
  tick();
  window.setInterval(tick, TICK_MS);
}

function update(element: HTMLElement, now: number): void {
  const windows = JSON.parse(element.dataset.windows ?? '[]') as [number, number][];
  const due = Number(element.dataset.due);
  if (!Number.isFinite(due)) return;
  if (now >= due) {
    element.textContent = 'Overdue';
    return;
  }
  const minutesLeft =
    windows.reduce((sum, [start, end]) => sum + Math.max(0, end - Math.max(start, now)), 0) / 60_000;
  const clock: CountdownClock = element.dataset.clock === 'real' ? 'real' : 'working';
  const paused = clock === 'working' && !windows.some(([start, end]) => start <= now && now < end);
  element.textContent =
    timeLeftText(Math.floor(minutesLeft), clock) + (paused ? ' (paused: service closed)' : '');
}
