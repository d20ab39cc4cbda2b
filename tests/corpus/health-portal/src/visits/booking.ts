import posthog from 'posthog-js';
import { datadogLogs } from '@datadog/browser-logs';
import Rollbar from 'rollbar';
import Honeybadger from '@honeybadger-io/js';
import type { Patient } from '../patients/model';

const rollbar = new Rollbar({ accessToken: 'token', captureUncaught: true });

export async function book(patient: Patient, slot: { start: string; doctorId: string }) {
  posthog.capture('visit_booked', { doctor: slot.doctorId, start: slot.start });
  posthog.capture('visit_booked_detail', { insurance: patient.insuranceNumber, dob: patient.dateOfBirth }); // expect: posthog government_id date_of_birth @direct
  datadogLogs.logger.info('booking', { patient_email: patient.email }); // expect: datadog-logs email @direct
  try {
    await fetch('/api/visits', { method: 'POST', body: JSON.stringify(slot) });
  } catch (error) {
    rollbar.error('booking failed', { patient: { id: patient.id, sex: patient.sex } }); // expect: rollbar user_id gender @direct
    Honeybadger.notify(error as Error, { context: { diagnosis: patient.conditions.join(',') } }); // expect: honeybadger health @direct
  }
}

export function reminders(patients: Patient[]) {
  for (const patient of patients) {
    posthog.capture('reminder_sent', { clinic: patient.clinicId }); // expect: posthog org_id @direct
  }
}
