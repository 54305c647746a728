// Space at `/spaces/`: where projects published from Hangar are read without signing in.
import { Logo } from '../../shared/components.tsx';

export function App() {
  return (
    <div className="auth-page">
      <header className="auth-header">
        <Logo subtitle="Spaces" />
      </header>
      <main className="auth-card space-card">
        <h1>Published projects</h1>
        <p className="auth-subtitle">
          Projects published from Hangar appear here. Anyone who can reach this Hangar can read them without signing in: their work items,
          boards and pages, exactly as the project&apos;s members chose to share them.
        </p>
        <div className="empty-state">
          <h2>Nothing published yet</h2>
          <p>To publish a project, open it in Hangar and choose Publish. Its public link will start with /spaces/.</p>
        </div>
        <p className="auth-switch">
          Are you a member? <a href="/">Open Hangar</a>
        </p>
      </main>
    </div>
  );
}
