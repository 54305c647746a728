import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { settingsBridge } from './bridge.ts';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const bridge = settingsBridge();
root.render(
  <StrictMode>
    {bridge ? (
      <App bridge={bridge} />
    ) : (
      <main>
        <h1>Hangar admin settings</h1>
        <p role="alert" className="error">
          This page only works inside the Hangar desktop app (window.hangar is missing).
        </p>
      </main>
    )}
  </StrictMode>,
);
