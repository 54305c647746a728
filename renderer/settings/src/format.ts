// Display helpers for the settings window (uptime and memory come from renderer/shared).

export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Electron prefixes errors thrown in ipcMain handlers; the person needs only the cause.
  return text.replace(/^Error invoking remote method '[^']*': (Error: )?/, '');
}
