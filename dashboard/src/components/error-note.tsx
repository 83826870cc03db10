import { ApiError } from '../api';

/** What went wrong loading a page; a 401 asks for the system key. */
export function ErrorNote({ error }: { readonly error: Error }) {
  if (error instanceof ApiError && error.status === 401) {
    return <p class="result error">This server requires the system key: enter it at the top right.</p>;
  }
  return <p class="result error">{error instanceof ApiError ? `${error.status} ${error.code}: ${error.message}` : error.message}</p>;
}
