import { useState } from 'preact/hooks';

export interface DialogField {
  readonly name: string;
  readonly label: string;
  readonly initial?: string;
  readonly placeholder?: string;
  readonly multiline?: boolean;
}

/** One action an operator can take, asked for confirmation first. */
export interface PendingAction {
  readonly title: string;
  readonly description: string;
  readonly confirmLabel: string;
  readonly fields?: readonly DialogField[];
  /** Runs the action; resolves to the sentence shown as its result. */
  readonly run: (values: Readonly<Record<string, string>>) => Promise<string>;
}

interface ConfirmDialogProps {
  readonly action: PendingAction;
  readonly busy: boolean;
  readonly onConfirm: (values: Readonly<Record<string, string>>) => void;
  readonly onCancel: () => void;
}

/** A modal asking to confirm an action, with its inputs (reason, event name, data, …). */
export function ConfirmDialog({ action, busy, onConfirm, onCancel }: ConfirmDialogProps) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries((action.fields ?? []).map((f) => [f.name, f.initial ?? ''])));
  const submit = (event: Event): void => {
    event.preventDefault();
    onConfirm(values);
  };
  return (
    <div class="backdrop" role="dialog" aria-modal="true" aria-label={action.title}>
      <form class="dialog" onSubmit={submit}>
        <h2>{action.title}</h2>
        <p>{action.description}</p>
        {(action.fields ?? []).map((field) => (
          <label key={field.name}>
            {field.label}
            {field.multiline === true ? (
              <textarea name={field.name} rows={4} placeholder={field.placeholder} value={values[field.name]} onInput={(e) => setValues({ ...values, [field.name]: e.currentTarget.value })} />
            ) : (
              <input name={field.name} placeholder={field.placeholder} value={values[field.name]} onInput={(e) => setValues({ ...values, [field.name]: e.currentTarget.value })} />
            )}
          </label>
        ))}
        <div class="buttons">
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class="danger" disabled={busy}>
            {action.confirmLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
