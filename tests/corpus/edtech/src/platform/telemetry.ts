import posthog from 'posthog-js';
import * as Sentry from '@sentry/browser';
import { sendGAEvent, sendGTMEvent } from '@next/third-parties/google';

export interface Student {
  id: string;
  email: string;
  name: string;
  age: number;
  guardianEmail?: string;
  schoolId: string;
  accessibility?: { disability?: string };
}

/** Level 1: the only module that talks to SDKs. */
export const telemetry = {
  event(name: string, data: Record<string, unknown>) {
    posthog.capture(name, data);
    sendGTMEvent({ event: name, ...data });
  },
  conversion(name: string, value: Record<string, unknown>) {
    sendGAEvent('event', name, value);
  },
  person(student: Student) {
    posthog.identify(student.id, { school: student.schoolId }); // expect: posthog user_id org_id @direct
    Sentry.setUser({ id: student.id }); // expect: sentry user_id @direct
  },
};
