import { useState } from 'preact/hooks';

/** Where a paged list is: the continuation token of the page shown (none for the first) and the way back. */
export interface Paging {
  readonly token: string | undefined;
  readonly page: number;
  back(): void;
  forward(next: string): void;
}

/** Follows the API's continuation tokens forward, keeping the ones passed so the list can go back. */
export function usePaging(): Paging {
  const [tokens, setTokens] = useState<readonly (string | undefined)[]>([undefined]);
  return {
    token: tokens[tokens.length - 1],
    page: tokens.length,
    back: () => setTokens(tokens.length > 1 ? tokens.slice(0, -1) : tokens),
    forward: (next) => setTokens([...tokens, next]),
  };
}

/** Previous / next buttons; `next` is the token of the following page, if the API announced one. */
export function Pager({ paging, next }: { readonly paging: Paging; readonly next: string | undefined }) {
  return (
    <nav class="pager">
      <button type="button" disabled={paging.page <= 1} onClick={paging.back}>
        Previous page
      </button>
      <span class="muted">page {paging.page}</span>
      <button type="button" disabled={next === undefined} onClick={() => next !== undefined && paging.forward(next)}>
        Next page
      </button>
    </nav>
  );
}
