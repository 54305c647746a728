// Signed in: the app shell with the user's workspaces and (for now) an empty project list.
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { AppShell, Avatar, Button, FormError, Logo } from '../../shared/components.tsx';
import { describeError, userName } from '../../shared/messages.ts';
import { useSignOut } from '../../shared/useSignOut.ts';
import type { User, WorkspaceSummary } from '../../shared/types.ts';

const ROLE_NAMES: Record<number, string> = { 20: 'Admin', 15: 'Member', 5: 'Guest' };

export function roleName(role: number | string): string {
  if (typeof role === 'number') return ROLE_NAMES[role] ?? `Role ${role}`;
  return role.charAt(0).toUpperCase() + role.slice(1);
}

function initial(name: string): string {
  return name.trim().charAt(0).toUpperCase() || '?';
}

export function HomeScreen({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const { signOut, signingOut, signOutError } = useSignOut(onSignedOut);
  const [workspaces, setWorkspaces] = useState<WorkspaceSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const name = userName(user);

  useEffect(() => {
    let cancelled = false;
    api.myWorkspaces().then(
      (list) => {
        if (!cancelled) setWorkspaces(list);
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) onSignedOut();
        else setLoadError(describeError(error, 'load'));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [onSignedOut]);

  const sidebar = (
    <>
      <Logo />
      <div className="sidebar-section">
        <a className="sidebar-item" href="/" aria-current="page">
          Home
        </a>
      </div>
      <div className="sidebar-section">
        <h2 className="sidebar-heading">Workspaces</h2>
        {workspaces?.map((workspace) => (
          <span key={workspace.id} className="sidebar-item">
            <span className="workspace-badge" aria-hidden="true">
              {initial(workspace.name)}
            </span>
            {workspace.name}
          </span>
        ))}
        {workspaces?.length === 0 ? <p className="sidebar-empty">None yet</p> : null}
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
    <AppShell sidebar={sidebar} title="Home" actions={actions}>
      <FormError message={signOutError} />
      <div className="page-header">
        <h1>Welcome, {user.first_name.trim() || name}</h1>
        <p>Signed in as {user.email}</p>
      </div>

      <section className="card" aria-labelledby="workspaces-heading">
        <div className="card-header">
          <h2 id="workspaces-heading">Your workspaces</h2>
        </div>
        <FormError message={loadError} />
        {workspaces === null && !loadError ? <p className="muted">Loading workspaces…</p> : null}
        {workspaces?.length === 0 ? <p className="muted">You are not a member of any workspace yet.</p> : null}
        {workspaces && workspaces.length > 0 ? (
          <ul className="grid-list" aria-label="Workspaces">
            {workspaces.map((workspace) => (
              <li key={workspace.id} className="workspace-card">
                <span className="workspace-badge" aria-hidden="true">
                  {initial(workspace.name)}
                </span>
                <span className="workspace-meta">
                  <span className="workspace-name">{workspace.name}</span>
                  <span className="workspace-detail">
                    /{workspace.slug} · {roleName(workspace.role)}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section className="empty-state" aria-labelledby="projects-heading">
        <h2 id="projects-heading">No projects yet</h2>
        <p>Projects you create or join will show up here, with their work items, cycles and pages.</p>
      </section>
    </AppShell>
  );
}
