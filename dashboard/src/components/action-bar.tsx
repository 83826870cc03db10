import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ConfirmDialog, type PendingAction } from './confirm-dialog';

interface ActionBarProps {
  readonly actions: readonly (PendingAction & { readonly enabled: boolean })[];
  /** Called after an action succeeded, to reload what it changed. */
  readonly onDone: () => void;
}

interface Outcome {
  readonly ok: boolean;
  readonly text: string;
}

/** Buttons for actions; each opens a confirmation, then shows what the server answered. */
export function ActionBar({ actions, onDone }: ActionBarProps) {
  const [pending, setPending] = useState<PendingAction | undefined>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const confirm = async (values: Readonly<Record<string, string>>): Promise<void> => {
    if (pending === undefined) return;
    setBusy(true);
    try {
      setOutcome({ ok: true, text: `${pending.title}: ${await pending.run(values)}` });
      onDone();
    } catch (error) {
      const text = error instanceof ApiError ? `${error.status} ${error.code}: ${error.message}` : String(error);
      setOutcome({ ok: false, text: `${pending.title} refused: ${text}` });
    } finally {
      setBusy(false);
      setPending(undefined);
    }
  };

  return (
    <section class="actions">
      <div class="buttons">
        {actions.map((action) => (
          <button key={action.title} type="button" disabled={!action.enabled} onClick={() => setPending(action)}>
            {action.title}
          </button>
        ))}
      </div>
      {outcome !== undefined && (
        <p class={outcome.ok ? 'result ok' : 'result error'} role="status">
          {outcome.text}
        </p>
      )}
      {pending !== undefined && <ConfirmDialog action={pending} busy={busy} onConfirm={(values) => void confirm(values)} onCancel={() => setPending(undefined)} />}
    </section>
  );
}
