// THE list of job tasks: the runner creates a queue (and a schedule, if any) for each task here, and
// worker threads look tasks up in it by name. No directory scanning: add a task by importing it below.
import { defineRegistry } from '../task.ts';
import { compactListVersions } from './compactListVersions.ts';
import { deliverWebhook } from './deliverWebhook.ts';
import { hardDeleteWorkItems } from './hardDeleteWorkItems.ts';
import { purgeExpiredSessions } from './purgeExpiredSessions.ts';
import { purgeWebhookLogs } from './purgeWebhookLogs.ts';

export const tasks = [purgeExpiredSessions, hardDeleteWorkItems, deliverWebhook, purgeWebhookLogs, compactListVersions] as const;

export const registry = defineRegistry(import.meta.url, tasks);
