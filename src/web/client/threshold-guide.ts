/**
 * Shows, as descriptors are ticked, the level of need they point to: the highest level ticked (the
 * same rule as src/modules/thresholds/indicated-level.ts). Without JavaScript the "Check the level"
 * button asks the server instead.
 */
export function enableThresholdGuide(root: Document = document): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-threshold-guide]')) {
    const output = form.querySelector<HTMLElement>('[data-indicated-level]');
    if (!output) continue;
    const names = JSON.parse(output.dataset.levelNames ?? '{}') as Record<string, string>;
    form.addEventListener('change', () => {
      const levels = [...form.querySelectorAll<HTMLInputElement>('input[data-level]:checked')].map((input) =>
        Number(input.dataset.level)
      );
      const level = levels.length ? Math.max(...levels) : null;
      output.textContent =
        level === null
          ? 'Tick descriptors to see the level they point to'
          : `The descriptors ticked point to level ${level}: ${names[level] ?? ''}`;
    });
  }
}
