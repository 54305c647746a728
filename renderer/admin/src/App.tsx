// God mode at `/god-mode/`: first-run setup of the instance admin, then the instance admin home.
import { useCallback, useEffect, useState } from 'react';
import { api, currentUser } from '../../shared/api.ts';
import { AuthLayout, Button, ErrorScreen, LoadingScreen, SignInForm } from '../../shared/components.tsx';
import { describeError, userName } from '../../shared/messages.ts';
import type { Instance, User } from '../../shared/types.ts';
import { AdminHome } from './AdminHome.tsx';
import { SetupForm } from './SetupForm.tsx';

type Phase =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'setup' }
  | { kind: 'signIn'; instance: Instance; notice: string | null }
  | { kind: 'notAdmin'; user: User }
  | { kind: 'home'; user: User; instance: Instance };

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  const load = useCallback(async (notice: string | null = null) => {
    setPhase({ kind: 'loading' });
    try {
      const instance = await api.instance();
      if (!instance.is_setup_done) {
        setPhase({ kind: 'setup' });
        return;
      }
      const user = await currentUser();
      if (!user) setPhase({ kind: 'signIn', instance, notice });
      else if (!user.is_instance_admin) setPhase({ kind: 'notAdmin', user });
      else setPhase({ kind: 'home', user, instance });
    } catch (error) {
      setPhase({ kind: 'error', message: describeError(error, 'load') });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const reload = useCallback(() => void load(), [load]);
  const signedOut = useCallback(() => void load('You are signed out.'), [load]);

  switch (phase.kind) {
    case 'loading':
      return <LoadingScreen />;
    case 'error':
      return <ErrorScreen message={phase.message} onRetry={reload} />;
    case 'setup':
      return (
        <AuthLayout
          product="Instance admin"
          title="Create the instance admin"
          subtitle="Welcome to Hangar. The account you create here manages this instance: who can sign up, its services and its settings."
        >
          <SetupForm onDone={reload} onAlreadySetUp={() => void load('This Hangar already has an instance admin. Sign in instead.')} />
        </AuthLayout>
      );
    case 'signIn':
      return (
        <AuthLayout product="Instance admin" title="Sign in as the instance admin" subtitle={phase.instance.instance_name}>
          {phase.notice ? (
            <p className="form-notice" role="status">
              {phase.notice}
            </p>
          ) : null}
          <SignInForm onSignedIn={reload} />
        </AuthLayout>
      );
    case 'notAdmin':
      return <NotAdmin user={phase.user} onSignedOut={signedOut} />;
    case 'home':
      return <AdminHome user={phase.user} instance={phase.instance} onSignedOut={signedOut} />;
  }
}

function NotAdmin({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function signOut() {
    setBusy(true);
    try {
      await api.signOut();
      onSignedOut();
    } catch (failure) {
      setError(describeError(failure, 'save'));
      setBusy(false);
    }
  }
  return (
    <AuthLayout
      product="Instance admin"
      title="This account is not an instance admin"
      subtitle={`You are signed in as ${userName(user)} (${user.email}). Sign out, then sign in with the instance admin's account.`}
    >
      <div className="form">
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <Button busy={busy} onClick={() => void signOut()}>
          Sign out
        </Button>
        <a href="/">Go to Hangar</a>
      </div>
    </AuthLayout>
  );
}
