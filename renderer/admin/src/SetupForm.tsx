// First run: create the instance admin (`POST /api/instance/setup`), which also signs them in.
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { Button, Field, FormError } from '../../shared/components.tsx';
import { describeError, validateEmail, validateNewPassword } from '../../shared/messages.ts';

interface Errors {
  firstName: string | null;
  email: string | null;
  password: string | null;
}

const NO_ERRORS: Errors = { firstName: null, email: null, password: null };

export function SetupForm({ onDone, onAlreadySetUp }: { onDone: () => void; onAlreadySetUp: () => void }) {
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspaceName, setWorkspaceName] = useState('');
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Errors = {
      firstName: firstName.trim() === '' ? 'Enter your first name.' : null,
      email: validateEmail(email),
      password: validateNewPassword(password),
    };
    setErrors(next);
    setFormError(null);
    if (next.firstName || next.email || next.password) return;
    setBusy(true);
    try {
      const workspace = workspaceName.trim();
      await api.setupInstance({
        email: email.trim(),
        password,
        first_name: firstName.trim(),
        last_name: lastName.trim(),
        ...(workspace ? { workspace_name: workspace } : {}),
      });
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        onAlreadySetUp();
        return;
      }
      setFormError(describeError(error, 'setup'));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Create the instance admin">
      <FormError message={formError} />
      <div className="form-row">
        <Field
          label="First name"
          name="first_name"
          autoComplete="given-name"
          value={firstName}
          onChange={setFirstName}
          error={errors.firstName}
        />
        <Field label="Last name" name="last_name" autoComplete="family-name" value={lastName} onChange={setLastName} />
      </div>
      <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={setEmail} error={errors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        error={errors.password}
        hint="At least 8 characters."
      />
      <Field
        label="Workspace name"
        name="workspace_name"
        value={workspaceName}
        onChange={setWorkspaceName}
        optional
        hint="Creates your first workspace now. You can also create one later."
      />
      <Button type="submit" busy={busy}>
        Create the instance admin
      </Button>
    </form>
  );
}
