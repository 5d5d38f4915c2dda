/**
 * What a Server Action hands back to its form: the values as typed (so an
 * error never loses them), one message per field, and a form-level message.
 * Shared by server actions and client forms, so no server imports here.
 */
export interface FormState {
  status: 'idle' | 'error' | 'success' | 'confirm';
  values: Record<string, string>;
  fieldErrors: Record<string, string>;
  /** A problem that belongs to no single field (permission, limit, ...). */
  formError?: string;
  /** A success notice. */
  message?: string;
  /** What a destructive change would remove, to confirm before it happens. */
  consequences?: string[];
}

export const initialFormState: FormState = { status: 'idle', values: {}, fieldErrors: {} };
