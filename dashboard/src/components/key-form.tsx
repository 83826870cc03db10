import { useState } from 'preact/hooks';
import { systemKey } from '../api';

/** The system key entry: kept for this tab (sessionStorage) and sent as x-functions-key. */
export function KeyForm({ onChange }: { readonly onChange: () => void }) {
  const [saved, setSaved] = useState(systemKey.get() !== '');
  const submit = (event: Event): void => {
    event.preventDefault();
    const key = String(new FormData(event.currentTarget as HTMLFormElement).get('key') ?? '').trim();
    systemKey.set(key);
    setSaved(key !== '');
    onChange();
  };
  return (
    <form class="key-form" onSubmit={submit} aria-label="System key">
      <input name="key" type="password" placeholder={saved ? 'key set (enter to replace)' : 'system key'} autocomplete="off" />
      <button type="submit">{saved ? 'Replace key' : 'Use key'}</button>
    </form>
  );
}
