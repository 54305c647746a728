// Small building blocks shared by the web, space and admin apps.
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { api } from './api.ts';
import { describeError, validateEmail } from './messages.ts';
import type { User } from './types.ts';

export function Logo({ subtitle }: { subtitle?: string }) {
  return (
    <span className="logo">
      <svg className="logo-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
        <rect width="24" height="24" rx="6" fill="currentColor" />
        <path d="M6 17V7h2.6v3.8h6.8V7H18v10h-2.6v-3.8H8.6V17z" fill="#fff" />
      </svg>
      <span className="logo-text">Hangar</span>
      {subtitle ? <span className="logo-subtitle">{subtitle}</span> : null}
    </span>
  );
}

interface FieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  error?: string | null;
  hint?: string;
  optional?: boolean;
}

export function Field({ label, name, value, onChange, type = 'text', autoComplete, error, hint, optional }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const showHint = Boolean(hint) && !error;
  const describedBy = [showHint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional ? <span className="field-optional"> (optional)</span> : null}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {showHint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert">
      {message}
    </div>
  );
}

interface ButtonProps {
  children: ReactNode;
  type?: 'button' | 'submit';
  variant?: 'primary' | 'secondary' | 'ghost';
  busy?: boolean;
  disabled?: boolean;
  onClick?: () => void;
}

export function Button({ children, type = 'button', variant = 'primary', busy = false, disabled = false, onClick }: ButtonProps) {
  return (
    <button type={type} className={`button button-${variant}`} disabled={disabled || busy} aria-busy={busy || undefined} onClick={onClick}>
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

export function AuthLayout({
  title,
  subtitle,
  children,
  product,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  product?: string;
}) {
  return (
    <div className="auth-page">
      <header className="auth-header">
        <Logo subtitle={product} />
      </header>
      <main className="auth-card">
        <h1>{title}</h1>
        {subtitle ? <p className="auth-subtitle">{subtitle}</p> : null}
        {children}
      </main>
    </div>
  );
}

export function LoadingScreen({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="center-screen" role="status" aria-live="polite">
      <span className="spinner spinner-large" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function ErrorScreen({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="center-screen">
      <Logo />
      <div className="form-error" role="alert">
        {message}
      </div>
      <Button variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}

export function AppShell({
  sidebar,
  title,
  actions,
  children,
}: {
  sidebar: ReactNode;
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        {sidebar}
      </nav>
      <div className="shell-main">
        <header className="topbar">
          <div className="topbar-title">{title}</div>
          <div className="topbar-actions">{actions}</div>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}

export function Avatar({ name }: { name: string }) {
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]?.toUpperCase() ?? '')
      .join('') || '?';
  return (
    <span className="avatar" aria-hidden="true">
      {initials}
    </span>
  );
}

export function Switch({
  label,
  checked,
  onChange,
  busy,
}: {
  label: string;
  checked: boolean;
  onChange: (next: boolean) => void;
  busy?: boolean;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      className="switch"
      disabled={busy}
      onClick={() => onChange(!checked)}
    >
      <span className="switch-thumb" />
    </button>
  );
}

/** Email + password sign-in (`POST /auth/sign-in`), used by the web app and god-mode. */
export function SignInForm({ onSignedIn, submitLabel = 'Sign in' }: { onSignedIn: (user: User) => void; submitLabel?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nextEmailError = validateEmail(email);
    const nextPasswordError = password === '' ? 'Enter your password.' : null;
    setEmailError(nextEmailError);
    setPasswordError(nextPasswordError);
    setFormError(null);
    if (nextEmailError || nextPasswordError) return;
    setBusy(true);
    try {
      const { user } = await api.signIn(email.trim(), password);
      onSignedIn(user);
    } catch (error) {
      setFormError(describeError(error, 'sign-in'));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Sign in">
      <FormError message={formError} />
      <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={setEmail} error={emailError} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={passwordError}
      />
      <Button type="submit" busy={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}
