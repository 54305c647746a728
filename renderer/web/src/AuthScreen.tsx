// Signed out: "Sign in", and "Create account" when the instance has sign-up open.
import { type FormEvent, useState } from 'react';
import { api } from '../../shared/api.ts';
import { AuthLayout, Button, Field, FormError, SignInForm } from '../../shared/components.tsx';
import { describeError, validateEmail, validateNewPassword } from '../../shared/messages.ts';
import type { Instance, User } from '../../shared/types.ts';

type Mode = 'sign-in' | 'sign-up';

interface Props {
  instance: Instance | null;
  notice: string | null;
  onSignedIn: (user: User) => void;
}

export function AuthScreen({ instance, notice, onSignedIn }: Props) {
  const [mode, setMode] = useState<Mode>('sign-in');
  const signupOpen = instance?.signup_open === true;

  if (instance && !instance.is_setup_done) {
    return (
      <AuthLayout title="Hangar is not set up yet" subtitle="The first person to open the instance admin creates the admin account.">
        <a className="button button-primary" href="/god-mode/">
          Set up this Hangar
        </a>
      </AuthLayout>
    );
  }

  const instanceName = instance?.instance_name;
  return (
    <AuthLayout
      title={mode === 'sign-in' ? 'Sign in to Hangar' : 'Create your account'}
      subtitle={instanceName ? `on ${instanceName}` : undefined}
    >
      {signupOpen ? (
        <div className="tabs" role="tablist" aria-label="Sign in or create an account">
          <button type="button" role="tab" className="tab" aria-selected={mode === 'sign-in'} onClick={() => setMode('sign-in')}>
            Sign in
          </button>
          <button type="button" role="tab" className="tab" aria-selected={mode === 'sign-up'} onClick={() => setMode('sign-up')}>
            Create account
          </button>
        </div>
      ) : null}
      {notice && mode === 'sign-in' ? (
        <p className="form-notice" role="status">
          {notice}
        </p>
      ) : null}
      {mode === 'sign-in' ? <SignInForm onSignedIn={onSignedIn} /> : <SignUpForm onSignedIn={onSignedIn} />}
      {!signupOpen ? <p className="auth-switch">New here? Ask an admin of this Hangar to invite you.</p> : null}
    </AuthLayout>
  );
}

function SignUpForm({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email: string | null; password: string | null }>({ email: null, password: null });
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = { email: validateEmail(email), password: validateNewPassword(password) };
    setErrors(next);
    setFormError(null);
    if (next.email || next.password) return;
    setBusy(true);
    try {
      const { user } = await api.signUp({ email: email.trim(), password, first_name: firstName.trim(), last_name: lastName.trim() });
      onSignedIn(user);
    } catch (error) {
      setFormError(describeError(error, 'sign-up'));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Create account">
      <FormError message={formError} />
      <div className="form-row">
        <Field label="First name" name="first_name" autoComplete="given-name" value={firstName} onChange={setFirstName} />
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
      <Button type="submit" busy={busy}>
        Create account
      </Button>
    </form>
  );
}
