// The instance admin's home: instance name, the sign-up switch and the services table.
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { AppShell, Avatar, Button, Field, FormError, Logo, Switch } from '../../shared/components.tsx';
import { describeError, userName } from '../../shared/messages.ts';
import { useSignOut } from '../../shared/useSignOut.ts';
import type { Instance, User } from '../../shared/types.ts';
import { ServicesTable } from './ServicesTable.tsx';

interface Props {
  user: User;
  instance: Instance;
  onSignedOut: () => void;
}

export function AdminHome({ user, instance: initial, onSignedOut }: Props) {
  const { signOut, signingOut, signOutError } = useSignOut(onSignedOut);
  const [instance, setInstance] = useState(initial);
  const name = userName(user);

  const sidebar = (
    <>
      <Logo subtitle="Admin" />
      <div className="sidebar-section">
        <h2 className="sidebar-heading">Instance</h2>
        <a className="sidebar-item" href="/god-mode/" aria-current="page">
          General
        </a>
        <a className="sidebar-item" href="/">
          Open Hangar
        </a>
      </div>
    </>
  );

  const actions = (
    <>
      <span className="user-chip">
        <Avatar name={name} />
        <span className="user-name">{name}</span>
      </span>
      <Button variant="secondary" busy={signingOut} onClick={() => void signOut()}>
        Sign out
      </Button>
    </>
  );

  return (
    <AppShell sidebar={sidebar} title={instance.instance_name} actions={actions}>
      <FormError message={signOutError} />
      <div className="page-header">
        <h1>{instance.instance_name}</h1>
        <p>Instance admin: who can join this Hangar and how its services are doing.</p>
      </div>
      <SignupSetting instance={instance} onChange={setInstance} onUnauthorized={onSignedOut} />
      <InstanceNameSetting instance={instance} onChange={setInstance} onUnauthorized={onSignedOut} />
      <ServicesTable onUnauthorized={onSignedOut} />
    </AppShell>
  );
}

interface SettingProps {
  instance: Instance;
  onChange: (instance: Instance) => void;
  onUnauthorized: () => void;
}

function SignupSetting({ instance, onChange, onUnauthorized }: SettingProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggle(next: boolean) {
    setBusy(true);
    setError(null);
    try {
      onChange(await api.updateInstance({ signup_open: next }));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) onUnauthorized();
      else setError(describeError(failure, 'save'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="signup-heading">
      <div className="setting-row">
        <div>
          <h2 id="signup-heading">{instance.signup_open ? 'Sign-up open' : 'Invite only'}</h2>
          <p>
            {instance.signup_open
              ? 'Anyone who can reach this Hangar can create an account.'
              : 'People join only when a workspace admin invites them.'}
          </p>
        </div>
        <Switch label="Sign-up open" checked={instance.signup_open} busy={busy} onChange={(next) => void toggle(next)} />
      </div>
      {error ? (
        <div className="form-error" role="alert" style={{ marginTop: 12 }}>
          {error}
        </div>
      ) : null}
    </section>
  );
}

function InstanceNameSetting({ instance, onChange, onUnauthorized }: SettingProps) {
  const [value, setValue] = useState(instance.instance_name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = value.trim();
    setSaved(false);
    setError(null);
    setFieldError(name === '' ? 'Enter a name for this instance.' : null);
    if (name === '' || name === instance.instance_name) return;
    setBusy(true);
    try {
      onChange(await api.updateInstance({ instance_name: name }));
      setSaved(true);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) onUnauthorized();
      else setError(describeError(failure, 'save'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="name-heading">
      <div className="card-header">
        <h2 id="name-heading">Instance name</h2>
        {saved ? (
          <span className="updated-at" role="status">
            Saved
          </span>
        ) : null}
      </div>
      <form className="form" onSubmit={submit} noValidate aria-label="Instance name">
        <FormError message={error} />
        <div className="inline-form">
          <Field label="Name shown to everyone" name="instance_name" value={value} onChange={setValue} error={fieldError} />
          <Button type="submit" variant="secondary" busy={busy}>
            Save
          </Button>
        </div>
      </form>
    </section>
  );
}
