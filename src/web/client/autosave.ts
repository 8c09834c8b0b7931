/**
 * Saves a long form as the user types, so a timeout or a closed tab never loses work. The form
 * names its draft endpoint in data-autosave-url; the server keeps the draft and restores it.
 */
const DELAY_MS = 1500;

export function enableAutosave(root: Document = document): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-autosave-url]')) watch(form);
}

function watch(form: HTMLFormElement): void {
  const status = form.querySelector<HTMLElement>('[data-autosave-status]');
  let timer: number | undefined;
  const save = async () => {
    const body = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') body.append(name, value);
    try {
      const response = await fetch(form.dataset.autosaveUrl!, {
        method: 'POST',
        body,
        credentials: 'same-origin',
      });
      if (status)
        status.textContent = response.ok
          ? `Draft saved at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`
          : 'Draft not saved: your work is still on this page';
    } catch {
      if (status)
        status.textContent = 'Draft not saved: check your connection. Your work is still on this page.';
    }
  };
  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY_MS);
  };
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
}
