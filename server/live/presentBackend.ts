// The only place that shapes a backend's JSON: the public status (/pub) shows status only; the
// control listener (/ctrl) also shows the key, generation and drone.
import { Type } from 'typebox';
import type { Backend, StatusEvent } from './backendsRepository.ts';

export const PublicStatus = Type.Object({
  backend_id: Type.String(),
  status: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  time: Type.String(),
});

export const CtrlStatus = Type.Object({
  backend_id: Type.String(),
  status: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  time: Type.String(),
  key: Type.String(),
  generation: Type.Number(),
  drone_id: Type.Union([Type.String(), Type.Null()]),
});

export interface PublicStatusBody {
  backend_id: string;
  status: string;
  reason: string | null;
  time: string;
}

export function presentPublicStatus(backend: Backend): PublicStatusBody {
  return { backend_id: backend.id, status: backend.status, reason: backend.reason, time: backend.statusAt.toISOString() };
}

export function presentStatusEvent(event: StatusEvent): PublicStatusBody {
  return { backend_id: event.backend_id, status: event.status, reason: event.reason, time: event.time };
}

export function presentCtrlStatus(backend: Backend): PublicStatusBody & { key: string; generation: number; drone_id: string | null } {
  return { ...presentPublicStatus(backend), key: backend.key, generation: backend.generation, drone_id: backend.droneId };
}
