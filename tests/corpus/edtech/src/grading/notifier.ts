import { AnalyticsBrowser } from '@segment/analytics-next';
import type { Student } from '../platform/telemetry';

/** Receives its client from the outside (dependency injection): which SDK it is, only the caller knows. */
export class GradeNotifier {
  constructor(private readonly analytics: AnalyticsBrowser) {}

  graded(student: Student, grade: number) {
    this.analytics.track('Graded', { grade, student_email: student.email }); // expect: segment email @class
  }
}

export const notifier = new GradeNotifier(AnalyticsBrowser.load({ writeKey: 'key' })); // expect: segment device_info ip_address location referrer @collected
