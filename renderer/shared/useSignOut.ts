// Sign-out as both apps do it: a 401 means the session is already gone, which is what we wanted.
import { useState } from 'react';
import { ApiError, api } from './api.ts';
import { describeError } from './messages.ts';

export function useSignOut(onSignedOut: () => void): { signOut: () => Promise<void>; signingOut: boolean; signOutError: string | null } {
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  async function signOut(): Promise<void> {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await api.signOut();
      onSignedOut();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        onSignedOut();
        return;
      }
      setSignOutError(describeError(error, 'save'));
      setSigningOut(false);
    }
  }

  return { signOut, signingOut, signOutError };
}
