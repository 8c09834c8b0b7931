// GOV.UK Frontend ships JavaScript without type declarations; we only call initAll.
declare module 'govuk-frontend' {
  export function initAll(config?: Record<string, unknown>): void;
}
