// The web app at `/`: sign in / create an account, then the signed-in home.
import { useCallback, useEffect, useState } from 'react';
import { api, currentUser } from '../../shared/api.ts';
import { ErrorScreen, LoadingScreen } from '../../shared/components.tsx';
import { describeError } from '../../shared/messages.ts';
import type { Instance, User } from '../../shared/types.ts';
import { AuthScreen } from './AuthScreen.tsx';
import { HomeScreen } from './HomeScreen.tsx';

type Phase =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'signedOut'; instance: Instance | null; notice: string | null }
  | { kind: 'signedIn'; user: User };

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  const load = useCallback(async (notice: string | null = null) => {
    setPhase({ kind: 'loading' });
    try {
      const [user, instance] = await Promise.all([currentUser(), api.instance().catch(() => null)]);
      setPhase(user ? { kind: 'signedIn', user } : { kind: 'signedOut', instance, notice });
    } catch (error) {
      setPhase({ kind: 'error', message: describeError(error, 'load') });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const signedOut = useCallback(() => void load('You are signed out.'), [load]);

  switch (phase.kind) {
    case 'loading':
      return <LoadingScreen />;
    case 'error':
      return <ErrorScreen message={phase.message} onRetry={() => void load()} />;
    case 'signedOut':
      return <AuthScreen instance={phase.instance} notice={phase.notice} onSignedIn={(user) => setPhase({ kind: 'signedIn', user })} />;
    case 'signedIn':
      return <HomeScreen user={phase.user} onSignedOut={signedOut} />;
  }
}
