import { telemetry } from './telemetry';

/** Level 2: domain events, built on telemetry. */
export function lessonEvent(kind: 'started' | 'finished', payload: Record<string, unknown>) {
  telemetry.event(`lesson_${kind}`, { ...payload, platform: 'web' });
}

export function withStudent<T>(load: () => T, use: (value: T) => void) {
  use(load());
}
